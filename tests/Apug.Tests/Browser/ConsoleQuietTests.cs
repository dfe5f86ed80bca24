using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>No console noise on the three pages: no missing favicon, no SignalR "no client method" warnings.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleQuietTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new(settings: AdminClient.Settings);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task TheParticipantPageTheProjectorAndTheAdminPageLogNoWarningsOrErrors()
    {
        var noise = new List<string>();
        async Task<Microsoft.Playwright.IPage> Open(int width, int height)
        {
            var page = await chromium.NewPageAsync(width, height);
            page.Console += (_, message) => { if (message.Type is "warning" or "error") lock (noise) noise.Add($"{page.Url}: {message.Text}"); };
            page.PageError += (_, error) => { lock (noise) noise.Add($"{page.Url}: {error}"); };
            return page;
        }

        var participant = await Open(390, 844);
        await BrowserTeam.SignInAsync(server, participant, "Quiet Pugs");
        await participant.GotoAsync(server.Url("/"));
        await Expect(participant.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");

        var projector = await Open(1920, 1080);
        await projector.GotoAsync(server.Url("/projector/"));
        await Expect(projector.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        var admin = await Open(1366, 768);
        await admin.GotoAsync(server.Url("/admin"));
        await admin.FillAsync("#token", AdminClient.Token);
        await admin.ClickAsync("text=Use token");
        await Expect(admin.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");

        // A public event every page hears: a new team on the board.
        await server.Factory.CreateTeamClientAsync("Noisy Neighbours");
        await Expect(projector.Locator(".row.team")).ToHaveCountAsync(2);
        await participant.WaitForTimeoutAsync(1000);
        Assert.Empty(noise);
    }
}
