using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The smaller things of the room's experience: tracebacks, time limits, untouched tests, cards, tables, two tabs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SmallerFixesTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions PythonLoads = new() { Timeout = 120_000 };
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    private async Task<IPage> OpenHelloPugAsync(string team, int width, int height)
    {
        var page = await chromium.NewPageAsync(width, height);
        await BrowserTeam.SignInAsync(server, page, team);
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task TheBrowsersTracebackQuotesTheLineAndAStoppedRunSaysBothLimits()
    {
        var page = await OpenHelloPugAsync("Tracers", 1366, 768);
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);
        await page.Locator(".cm-content").FillAsync("ticket = int(input())\nprint(ticket)\n");
        await page.ClickAsync("#run-samples");
        var stderr = page.Locator(".sample-result .stderr").First;
        await Expect(stderr).ToContainTextAsync("line 1");
        await Expect(stderr).ToContainTextAsync("ticket = int(input())");

        await page.Locator(".cm-content").FillAsync("while True:\n    pass\n");
        await Expect(page.Locator("#run-samples")).ToBeEnabledAsync();
        await page.ClickAsync("#run-samples");
        await Expect(page.Locator(".sample-result .badge").First).ToHaveTextAsync("stopped after 3 s (the judge's limit is 1 s)", new() { Timeout = 30_000 });
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task UntouchedTestsLookNotRunTimesDoNotWrapAndTheTableFitsAPhone(int width, int height)
    {
        var page = await OpenHelloPugAsync($"Wrong {width}", width, height);
        await page.Locator(".cm-content").FillAsync("name = input().strip()\nprint(f\"Hello {name}!\")\n");
        await page.ClickAsync("#submit");
        var card = page.Locator(".submission").First;
        await Expect(card).ToHaveAttributeAsync("data-verdict", "WA", new() { Timeout = 120_000 });
        await Expect(card.Locator(".dot.v-WA")).ToHaveCountAsync(1);
        await Expect(card.Locator(".dot.v-skipped")).ToHaveCountAsync(9);
        await Expect(card.Locator(".dot.v-pending")).ToHaveCountAsync(0);
        Assert.Equal("nowrap", await card.Locator("td.number").First.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace"));
        Assert.True(await card.Locator(".table-wrap").First.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth + 1"), "the test table is wider than the screen");
        await Chromium.ScreenshotAsync(page, $"participant-wrong-answer-{width}");
    }

    [Fact]
    public async Task SolvedLooksDifferentFromNotTriedAndTheCardsOfARowAreEquallyTall()
    {
        var page = await OpenHelloPugAsync("Solvers", 1366, 768);
        await page.Locator(".cm-content").FillAsync("name = input().strip()\nprint(f\"Hello, {name}!\")\n");
        await page.ClickAsync("#submit");
        await Expect(page.Locator(".submission").First).ToHaveAttributeAsync("data-verdict", "AC", new() { Timeout = 120_000 });
        await page.ClickAsync("text=← All challenges");
        var solved = page.Locator("[data-challenge='hello-pug'] .badge");
        await Expect(solved).ToHaveTextAsync("Solved ✓");
        var colours = await page.EvaluateAsync<string[]>("""
            () => [document.querySelector("[data-challenge='hello-pug'] .badge"), document.querySelector("[data-challenge='pizza-slices'] .badge")]
                .map(e => getComputedStyle(e).backgroundColor)
            """);
        Assert.NotEqual(colours[0], colours[1]);
        var heights = await page.EvaluateAsync<double[]>("""
            () => { const cards = [...document.querySelectorAll(".challenge")]; const top = cards[0].getBoundingClientRect().top;
                    return cards.filter(c => Math.abs(c.getBoundingClientRect().top - top) < 2).map(c => c.getBoundingClientRect().height); }
            """);
        Assert.True(heights.Length > 1, "one card per row");
        Assert.All(heights, height => Assert.Equal(heights[0], height, 1.0));
    }

    [Fact]
    public async Task AnEditInASecondTabIsSaidInTheFirstWhichMayTakeItOrKeepItsOwn()
    {
        var first = await OpenHelloPugAsync("Two Tabs", 1366, 768);
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(second.Locator(".cm-content")).ToBeVisibleAsync();
        await first.Locator(".cm-content").FillAsync("print('first tab')\n");
        await second.Locator(".cm-content").FillAsync("print('second tab')\n");

        await Expect(first.Locator("#draft-notice")).ToContainTextAsync("changed in another tab");
        await first.ClickAsync("#draft-notice >> text=Use that code");
        await Expect(first.Locator(".cm-content")).ToHaveTextAsync("print('second tab')");
        await Expect(first.Locator("#draft-notice")).ToBeHiddenAsync();

        await second.Locator(".cm-content").FillAsync("print('second again')\n");
        await first.ClickAsync("#draft-notice >> text=Keep this tab's code");
        await first.ReloadAsync();
        await Expect(first.Locator(".cm-content")).ToHaveTextAsync("print('second tab')");
    }
}
