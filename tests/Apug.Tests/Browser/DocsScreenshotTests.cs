using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>
/// The three pages at a desktop and a phone size with a few teams and verdicts, for docs/ (the README links the copies
/// there): test-output/screenshots/docs-*.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DocsScreenshotTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new(settings: AdminClient.Settings);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task TheThreePagesAtDesktopAndPhoneSizes()
    {
        var owls = await server.Factory.CreateTeamClientAsync("Night Owls");
        await server.Factory.SubmitAndWaitAsync(owls, "hello-pug", "name = input().strip()\nprint(f\"Hello, {name}!\")\n");
        var larks = await server.Factory.CreateTeamClientAsync("The Extremely Long Named Pythonista Club");
        await server.Factory.SubmitAndWaitAsync(larks, "hello-pug", "print('hello')\n");

        foreach (var (width, height, size) in new[] { (1366, 768, "desktop"), (390, 844, "phone") })
        {
            var participant = await chromium.NewPageAsync(width, height);
            await BrowserTeam.SignInAsync(server, participant, $"Pug Pair {size}");
            await participant.GotoAsync(server.Url("/#/challenge/hello-pug"));
            await Expect(participant.Locator(".cm-content")).ToBeVisibleAsync();
            await participant.Locator(".cm-content").FillAsync("name = input().strip()\nprint(f\"Hello {name}!\")\n");
            await participant.ClickAsync("#submit");
            await Expect(participant.Locator(".submission").First).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
            await participant.WaitForTimeoutAsync(800); // the smooth scroll to the verdict
            await Chromium.ScreenshotAsync(participant, $"docs-participant-{size}", fullPage: false);

            var projector = await chromium.NewPageAsync(size == "desktop" ? 1920 : 390, size == "desktop" ? 1080 : 844);
            await projector.GotoAsync(server.Url("/projector/"));
            await Expect(projector.Locator(".row.team")).ToHaveCountAsync(size == "desktop" ? 3 : 4);
            await projector.WaitForTimeoutAsync(1200); // the rows fade in
            await Chromium.ScreenshotAsync(projector, $"docs-projector-{size}", fullPage: false);

            var admin = await chromium.NewPageAsync(width, height);
            await admin.GotoAsync(server.Url("/admin"));
            await admin.FillAsync("#token", AdminClient.Token);
            await admin.ClickAsync("text=Use token");
            await Expect(admin.Locator("#submission-list tbody tr")).ToHaveCountAsync(size == "desktop" ? 3 : 4);
            await Expect(admin.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
            await Chromium.ScreenshotAsync(admin, $"docs-admin-{size}", fullPage: false);
        }
    }
}
