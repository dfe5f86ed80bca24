using Apug.Tests.Browser;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Evening;

/// <summary>A pair without Python on the laptop: the join page says they need none; they print-debug on their own
/// input in the browser (Pyodide from the server), run the samples and submit, judged by the real engine.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NoPythonNeededTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions PythonLoads = new() { Timeout = 120_000 };
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task AJoinPageSaysNoPythonIsNeededAndTheTeamPrintDebugsOnItsOwnInputRunsTheSamplesAndSubmitsInTheBrowser()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        var foreign = BrowserTeam.RecordForeignRequests(page, server);
        await page.GotoAsync(server.Url("/"));
        await Expect(page.Locator("#no-python-note")).ToContainTextAsync("No Python on this laptop? Still in the game.");
        await Expect(page.Locator("#no-python-note")).ToContainTextAsync("your own input");
        await page.FillAsync("#team-name", "Browser Only");
        await page.Locator(".member").First.FillAsync("Grace");
        await page.ClickAsync("#register button[type=submit]");
        await page.ClickAsync("[data-challenge='hello-pug']");
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);

        // Print-debugging on input of their own: everything printed is shown.
        await page.Locator(".cm-content").FillAsync("name = input().strip()\nprint('debug:', repr(name), len(name))\nprint(f\"Hello, {name}!\")\n");
        await page.ClickAsync("#own-input summary");
        await page.FillAsync("#custom-stdin", "  Grace Hopper \n");
        await page.ClickAsync("#run-custom");
        var result = page.Locator("#custom-result");
        await Expect(result).ToHaveAttributeAsync("data-status", "ok", PythonLoads);
        await Expect(result.Locator(".output")).ToHaveTextAsync("debug: 'Grace Hopper' 12\nHello, Grace Hopper!\n");

        // A mistake shows the traceback, as on the judge; reading more input than given says so too.
        await page.Locator(".cm-content").FillAsync("n = int(input())\nprint(10 // n)\n");
        await page.FillAsync("#custom-stdin", "0\n");
        await page.ClickAsync("#run-custom");
        await Expect(result).ToHaveAttributeAsync("data-status", "error");
        await Expect(result.Locator(".stderr")).ToContainTextAsync("ZeroDivisionError");
        await Expect(result.Locator(".stderr")).ToContainTextAsync("solution.py\", line 2");
        await page.FillAsync("#custom-stdin", "");
        await page.ClickAsync("#run-custom");
        await Expect(result.Locator(".stderr")).ToContainTextAsync("EOFError");

        // The samples, then the submission, all from this page.
        await page.Locator(".cm-content").FillAsync("name = input().strip()\nprint(f\"Hello, {name}!\")\n");
        await page.ClickAsync("#run-samples");
        await Expect(page.Locator(".sample-result[data-outcome=pass]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await page.ClickAsync("#submit");
        var submission = page.Locator(".submission").First;
        await Expect(submission).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
        await Expect(submission.Locator("summary")).ToContainTextAsync("Accepted");
        await Chromium.ScreenshotAsync(page, "participant-own-input");
        Assert.Empty(foreign); // Python, the editor and the page all come from this server
    }
}
