using System.Text.RegularExpressions;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>Results come into view and stay open; a reload mid-judging keeps the progress, the open card and the place.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FollowingResultsTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Accepted = "name = input().strip()\nprint(f\"Hello, {name}!\")\n";
    // About a second a test (wall clock, not CPU): slow enough to reload in the middle of judging.
    private const string Slow = "import time\ntime.sleep(0.9)\nname = input().strip()\nprint(f\"Hello, {name}!\")\n";
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
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task TheSampleResultsAndANewSubmissionComeIntoViewAndItsCardStaysOpen(int width, int height)
    {
        var page = await OpenHelloPugAsync($"Followers {width}", width, height);
        Assert.Equal(0, await page.EvaluateAsync<double>("window.scrollY"));
        await page.Locator(".cm-content").FillAsync(Accepted);

        await page.ClickAsync("#run-samples");
        await Expect(page.Locator("#sample-results h2")).ToBeInViewportAsync();

        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ClickAsync("#submit");
        var card = page.Locator(".submission").First;
        await Expect(card.Locator("summary")).ToBeInViewportAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
        await Expect(card).ToHaveAttributeAsync("open", "");
        await Expect(card.Locator(".explain").First).ToBeInViewportAsync();
        await Expect(card.Locator(".explain").First).ToContainTextAsync("right answer on every test");
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task AReloadMidJudgingKeepsTheProgressTheOpenCardAndTheScrollPosition(int width, int height)
    {
        var page = await OpenHelloPugAsync($"Reloaders {width}", width, height);
        await page.Locator(".cm-content").FillAsync(Slow);
        await page.ClickAsync("#submit");
        var card = page.Locator(".submission").First;
        await Expect(card.Locator(".progress")).ToHaveTextAsync(new Regex(@"^test [3-6] of 10$"), new() { Timeout = 60_000 });
        var before = TestNumber(await card.Locator(".progress").TextContentAsync());
        await Expect(card).ToHaveAttributeAsync("open", "");
        var y = await page.EvaluateAsync<double>("window.scrollY");
        Assert.True(y > 100, $"the new submission was not brought into view (scrollY {y})");

        await page.ReloadAsync();
        card = page.Locator(".submission").First;
        // The first drawing already counts the tests finished before the reload.
        await Expect(card.Locator(".progress")).ToBeVisibleAsync();
        var after = TestNumber(await card.Locator(".progress").TextContentAsync());
        Assert.True(after >= before, $"progress went backwards after the reload: test {before} became test {after}");
        await Expect(card).ToHaveAttributeAsync("open", "");
        Assert.InRange(await page.EvaluateAsync<double>("window.scrollY"), y - 2, y + 2);
        await Expect(card).ToHaveAttributeAsync("data-verdict", "AC", new() { Timeout = 60_000 });
        await Expect(card.Locator(".dot.v-AC")).ToHaveCountAsync(10);
    }

    private static int TestNumber(string? progress) =>
        int.Parse(Regex.Match(progress ?? "", @"test (\d+) of").Groups[1].Value);
}
