using Apug.Tests.Browser;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Deploy;

/// <summary>
/// The pages mounted under Apug:PathBase (/judge), as behind a proxy at https://example.org/judge/: every request the
/// pages and their workers make stays under /judge, and everything works — the editor, Python in the browser, the hub,
/// submitting, the projector's join address, the admin page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PathBasePageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new(settings: new Dictionary<string, string?>
    {
        ["Apug:PathBase"] = "/judge",
        ["Apug:AdminToken"] = "path-base-admin-token-0123456789",
    });
    private readonly List<string> outside = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await chromium.NewPageAsync();
        page.Context.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.Address + "/judge/", StringComparison.Ordinal) && !request.Url.StartsWith("data:") && !request.Url.StartsWith("blob:"))
                lock (outside) outside.Add(request.Url);
        };
        return page;
    }

    [Fact]
    public async Task TheParticipantPageRunsSamplesSubmitsAndHearsTheVerdictUnderThePathBase()
    {
        var page = await NewPageAsync();
        await BrowserTeam.SignInAsync(server, page, "Mounted Pugs");
        await page.GotoAsync(server.Url("/judge/#/challenge/hello-pug"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Hello, PUG!");
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");

        const string greeter = "name = input().strip()\nprint(f\"Hello, {name}!\")\n";
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 120_000 });
        await page.Locator(".cm-content").FillAsync(greeter);
        await page.ClickAsync("#run-samples");
        await Expect(page.Locator(".sample-result[data-outcome=pass]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });

        await page.ClickAsync("#submit");
        var submission = page.Locator(".submission").First;
        await Expect(submission).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
        await Expect(submission).ToHaveAttributeAsync("data-verdict", "AC");

        lock (outside) Assert.True(outside.Count == 0, "Requests outside /judge/:\n" + string.Join("\n", outside));
    }

    [Fact]
    public async Task TheProjectorShowsTheJoinAddressWithThePathBaseAndTheAdminPageSignsIn()
    {
        var projector = await NewPageAsync();
        await projector.GotoAsync(server.Url("/judge/projector"));
        await Expect(projector.Locator("#join-url")).ToHaveTextAsync(server.Address.Replace("http://", "") + "/judge");
        await Expect(projector.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        var admin = await NewPageAsync();
        await admin.GotoAsync(server.Url("/judge/admin"));
        await admin.FillAsync("#token", "path-base-admin-token-0123456789");
        await admin.ClickAsync("text=Use token");
        await Expect(admin.Locator("#status")).ToHaveTextAsync("Signed in as organiser.");
        await Expect(admin.Locator("#challenge-list tbody tr").First).ToContainTextAsync("hello-pug");

        lock (outside) Assert.True(outside.Count == 0, "Requests outside /judge/:\n" + string.Join("\n", outside));
    }
}
