using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>
/// Interactive problems on the participant page, in Chromium against the real server: each sample's .interaction
/// transcript is shown (never its .in/.ans), and Run samples replays it in the browser's Python — the transcript's
/// `&lt;` lines are fed to the program, its `&gt;` lines compared with what the program prints (and flushes). A sample
/// without a transcript says it runs on the server.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InteractiveSampleTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions PythonLoads = new() { Timeout = 120_000 };
    private readonly TemporaryFolder challenges = new();
    private KestrelServer server = null!;

    public Task InitializeAsync()
    {
        challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "interactive-guess"), "guess");
        // The same game with a second sample that has no transcript.
        challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "interactive-guess"), "guess2");
        challenges.Write("guess2/data/sample/2.in", "7 7\n").Write("guess2/data/sample/2.ans", "unused\n");
        server = new KestrelServer(challenges.FullPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
        challenges.Dispose();
    }

    private static async Task RunSamplesAsync(IPage page, string source)
    {
        await page.Locator(".cm-content").FillAsync(source);
        await page.ClickAsync("#run-samples");
        await Expect(page.Locator("#run-samples")).ToBeEnabledAsync(new() { Timeout = 120_000 });
    }

    [Fact]
    public async Task TheTranscriptIsShownAndReplayedAgainstTheProgramInTheBrowser()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        await BrowserTeam.SignInAsync(server, page, "Guessers");
        await page.GotoAsync(server.Url("/#/challenge/guess"));
        await Expect(page.Locator(".interactive-note")).ToContainTextAsync("lines starting with < are what the interactor says", new() { IgnoreCase = true });
        var shown = page.Locator(".samples .transcript");
        await Expect(shown.Locator(".from-program").First).ToHaveTextAsync("program: 50\n");
        await Expect(shown.Locator(".from-judge").First).ToHaveTextAsync("judge:   lower\n");
        await Expect(page.Locator(".samples")).Not.ToContainTextAsync("42 7"); // the .in is the interactor's, never shown
        await Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);

        var binarySearch = await File.ReadAllTextAsync(Path.Combine(TestPaths.TestPackages, "interactive-guess", "submissions", "accepted", "binary_search.py"));
        await RunSamplesAsync(page, binarySearch);
        await Expect(page.Locator(".sample-result[data-outcome=pass]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".sample-result").First).ToContainTextAsync("follows the transcript");

        await RunSamplesAsync(page, "print(50)\nprint(input())\n");
        await Expect(page.Locator(".sample-result[data-outcome=fail]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".sample-result").First).ToContainTextAsync("the program printed 'lower' where the transcript has '25'");
        await Expect(page.Locator(".sample-result .transcript .from-judge")).ToHaveTextAsync("judge:   lower\n");

        // sys.stdin.readline does not flush stdout (input() does): on the judge both would wait for ever.
        await RunSamplesAsync(page, "import sys\nsys.stdout.write('50\\n')\nsys.stdin.readline()\n");
        await Expect(page.Locator(".sample-result").First).ToContainTextAsync("printed without flush?");

        // The judge agrees with the replay: the accepted program is accepted by the real interactor.
        await page.Locator(".cm-content").FillAsync(binarySearch);
        await page.ClickAsync("#submit");
        await Expect(page.Locator(".submission").First).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
        await Expect(page.Locator(".submission").First).ToContainTextAsync("Accepted");
    }

    [Fact]
    public async Task ASampleWithoutATranscriptSaysItRunsOnTheServer()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        await BrowserTeam.SignInAsync(server, page, "Servers");
        await page.GotoAsync(server.Url("/#/challenge/guess2"));
        await Expect(page.Locator(".samples")).ToContainTextAsync("Sample 2 has no transcript in the package: it runs on the server when you submit.");
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);
        await RunSamplesAsync(page, await File.ReadAllTextAsync(Path.Combine(TestPaths.TestPackages, "interactive-guess", "submissions", "accepted", "binary_search.py")));
        await Expect(page.Locator(".sample-result[data-outcome=pass]")).ToHaveCountAsync(1);
        await Expect(page.Locator(".sample-result[data-outcome=skipped]")).ToContainTextAsync("runs on the server");
    }
}
