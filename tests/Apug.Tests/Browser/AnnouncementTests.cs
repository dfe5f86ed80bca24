using System.Net.Http.Json;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>Organisers' announcements reach the participant page and the projector live, through the real hub.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnnouncementTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private KestrelServer? server;

    private KestrelServer Server => server ?? throw new InvalidOperationException("The server has not started.");

    public Task InitializeAsync()
    {
        server = new KestrelServer(settings: AdminClient.Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server?.Dispose();
    }

    private static async Task AnnounceAsync(HttpClient admin, string message) =>
        (await admin.PostAsJsonAsync("/api/admin/announcements", new { message })).EnsureSuccessStatusCode();

    [Fact]
    public async Task AnAnnouncementAppearsOnTheParticipantPageAndTheProjectorWithoutAReloadAndCanBeDismissed()
    {
        using var admin = Server.Factory.CreateAdminClient();
        await AnnounceAsync(admin, "Welcome, the Wi-Fi password is on the wall.");

        // Opened after it was made, the participant page shows the recent announcement from the API.
        var participant = await chromium.NewPageAsync();
        await BrowserTeam.SignInAsync(Server, participant, "Banner Pugs");
        await participant.GotoAsync(Server.Url("/"));
        var banner = participant.Locator("#announcement");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("Welcome, the Wi-Fi password is on the wall.");
        await Expect(participant.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await participant.EvaluateAsync("window.notReloaded = true");

        var projector = await chromium.NewPageAsync(1600, 900);
        await projector.GotoAsync(Server.Url("/projector"));
        await Expect(projector.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await projector.EvaluateAsync("window.notReloaded = true");

        await AnnounceAsync(admin, "Pizza is here!");
        await Expect(banner).ToContainTextAsync("Pizza is here!");
        await Expect(banner).Not.ToContainTextAsync("Wi-Fi");
        await Expect(projector.Locator("#announcement")).ToBeVisibleAsync();
        await Expect(projector.Locator("#announcement")).ToHaveTextAsync("Pizza is here!");
        Assert.True(await participant.EvaluateAsync<bool>("window.notReloaded === true"), "the participant page reloaded");
        Assert.True(await projector.EvaluateAsync<bool>("window.notReloaded === true"), "the projector reloaded");
        await Chromium.ScreenshotAsync(participant, "participant-announcement", fullPage: false);
        await Chromium.ScreenshotAsync(projector, "projector-announcement", fullPage: false);

        // Dismissed, it stays away after a reload; the next announcement shows again.
        await banner.GetByRole(AriaRole.Button, new() { Name = "Dismiss the announcement" }).ClickAsync();
        await Expect(banner).ToBeHiddenAsync();
        await participant.ReloadAsync();
        await Expect(participant.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await Expect(banner).ToBeHiddenAsync();
        await AnnounceAsync(admin, "Ten minutes left!");
        await Expect(banner).ToContainTextAsync("Ten minutes left!");
    }
}
