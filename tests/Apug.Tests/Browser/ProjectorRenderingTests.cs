using System.Text.Json;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>
/// How the projector draws the contract's shapes (docs/realtime.md). The browser gets fixed answers for
/// /api/contest and /api/leaderboard and no hub, so this also exercises the polling fallback.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectorRenderingTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new();
    private object leaderboard = Snapshot(1, ("Alpha", 1, 20), ("Beta", 0, 0));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    private static object Problem(string id, string label, string colour) => new { id, label, name = $"Problem {label}", colour };

    private static readonly object[] Problems = [Problem("hello-pug", "A", "#e5534b"), Problem("pizza-slices", "B", "#57ab5a"), Problem("third", "C", "#539bf5")];

    /// <summary>A board in rank order: each team solved `solved` problems (A first), the first team first to solve A.</summary>
    private static object Snapshot(long version, params (string Name, int Solved, int Penalty)[] teams) => new
    {
        version,
        contestName = "PUG Night",
        scoring = "icpc",
        frozen = false,
        problems = Problems,
        rows = teams.Select((team, i) => new
        {
            rank = i + 1,
            teamId = $"00000000-0000-0000-0000-{team.Name.GetHashCode() & 0xffffff:x12}",
            teamName = team.Name,
            solved = team.Solved,
            points = team.Solved * 100,
            penalty = team.Penalty,
            lastImprovementAt = (string?)null,
            cells = new object[]
            {
                new { challengeId = "hello-pug", solved = team.Solved >= 1, attempts = team.Solved >= 1 ? 2 : 3, pending = 0, minutes = 12, firstToSolve = i == 0 && team.Solved >= 1, score = (double?)null },
                new { challengeId = "pizza-slices", solved = team.Solved >= 2, attempts = team.Solved >= 2 ? 1 : 0, pending = 0, minutes = 30, firstToSolve = false, score = (double?)null },
                new { challengeId = "third", solved = false, attempts = 0, pending = i == 0 ? 1 : 0, minutes = 0, firstToSolve = false, score = (double?)null },
            },
        }).ToArray(),
    };

    private async Task<IPage> OpenProjectorAsync(int width = 1920, int height = 1080)
    {
        var page = await chromium.NewPageAsync(width, height);
        await page.Context.RouteAsync("**/hubs/**", route => route.AbortAsync());
        await page.Context.RouteAsync("**/api/contest", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new
            {
                name = "PUG Night", phase = "running", now = DateTimeOffset.UtcNow, startsAt = DateTimeOffset.UtcNow.AddMinutes(-30),
                endsAt = DateTimeOffset.UtcNow.AddMinutes(90), freezesAt = DateTimeOffset.UtcNow.AddMinutes(60),
                problems = Problems, publicUrl = "http://pug.example:8080",
            }),
        }));
        await page.Context.RouteAsync("**/api/leaderboard", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json", Body = JsonSerializer.Serialize(leaderboard),
        }));
        await page.GotoAsync(server.Url("/projector"));
        return page;
    }

    [Fact]
    public async Task TheProjectorShowsTheBoardTheClockAndHowToJoin()
    {
        var page = await OpenProjectorAsync();
        await Expect(page.Locator("#contest-name")).ToHaveTextAsync("PUG Night");
        await Expect(page.Locator(".row.team")).ToHaveCountAsync(2);
        var alpha = page.Locator(".row.team").First;
        await Expect(alpha.Locator(".name")).ToHaveTextAsync("Alpha");
        await Expect(alpha.Locator(".cell.solved.first")).ToHaveCountAsync(1);
        await Expect(alpha.Locator(".cell.pending")).ToHaveCountAsync(1);
        await Expect(page.Locator(".row.team").Nth(1).Locator(".cell.failed")).ToContainTextAsync("3 tries");
        await Expect(page.Locator("#clock")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1:29:\d\d$|^1:30:00$"));
        await Expect(page.Locator("#join-url")).ToHaveTextAsync("pug.example:8080");
        await Expect(page.Locator("#qr svg")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(1000); // the rows fade in
        await Chromium.ScreenshotAsync(page, "projector", fullPage: false);
    }

    [Fact]
    public async Task ANewStandingMovesTheRowsWithoutAReload()
    {
        var page = await OpenProjectorAsync();
        await Expect(page.Locator(".row.team .name")).ToHaveTextAsync(["Alpha", "Beta"]);
        await page.EvaluateAsync("window.notReloaded = true");

        leaderboard = Snapshot(2, ("Beta", 2, 45), ("Alpha", 1, 20));
        await Expect(page.Locator(".row.team .name")).ToHaveTextAsync(["Beta", "Alpha"], new() { Timeout = 20_000 });
        await Expect(page.Locator("#celebration")).ToContainTextAsync("New leader: Beta");
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"));
        await Chromium.ScreenshotAsync(page, "projector-new-leader", fullPage: false);
    }

    /// <summary>Rows with the given ranks (ties share one), each solving A when solved is 1.</summary>
    private static object Ranked(long version, params (string Name, int Rank, int Solved)[] teams) => new
    {
        version,
        contestName = "PUG Night",
        scoring = "icpc",
        frozen = false,
        problems = Problems,
        rows = teams.Select(team => new
        {
            rank = team.Rank,
            teamId = $"00000000-0000-0000-0000-{team.Name.GetHashCode() & 0xffffff:x12}",
            teamName = team.Name,
            solved = team.Solved,
            points = team.Solved * 100,
            penalty = 0,
            lastImprovementAt = (string?)null,
            cells = new object[] { new { challengeId = "hello-pug", solved = team.Solved == 1, attempts = team.Solved, pending = 0, minutes = 12, firstToSolve = false, score = (double?)null } },
        }).ToArray(),
    };

    [Fact]
    public async Task ATieSwappingOrderIsNoNewLeaderAndABannerNeverCoversTheRowsOrLingers()
    {
        leaderboard = Ranked(1, ("Alpha", 1, 1), ("Beta", 2, 0), ("Gamma", 3, 0));
        var page = await OpenProjectorAsync();
        await Expect(page.Locator(".row.team .name")).ToHaveTextAsync(["Alpha", "Beta", "Gamma"]);

        // Beta draws level and is listed first: a tie, not a new leader.
        leaderboard = Ranked(2, ("Beta", 1, 1), ("Alpha", 1, 1), ("Gamma", 3, 0));
        await Expect(page.Locator(".row.team .name")).ToHaveTextAsync(["Beta", "Alpha", "Gamma"], new() { Timeout = 20_000 });
        await page.WaitForTimeoutAsync(500);
        await Expect(page.Locator("#celebration")).ToBeHiddenAsync();

        // Gamma goes ahead alone: that is news, shown over the header only, and gone after a few seconds.
        leaderboard = Ranked(3, ("Gamma", 1, 1), ("Beta", 2, 1), ("Alpha", 2, 1));
        await Expect(page.Locator("#celebration")).ToContainTextAsync("New leader: Gamma", new() { Timeout = 20_000 });
        var banner = (await page.Locator("#celebration").BoundingBoxAsync())!;
        var rows = (await page.Locator("#rows").BoundingBoxAsync())!;
        Assert.True(banner.Y + banner.Height <= rows.Y, $"the banner (bottom {banner.Y + banner.Height}) covers the rows (top {rows.Y})");
        await Chromium.ScreenshotAsync(page, "projector-banner", fullPage: false);
        await Expect(page.Locator("#celebration")).ToBeHiddenAsync(new() { Timeout = 4500 });
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1024, 768)]
    public async Task LongTeamNamesAreShownWholeAndReadable(int width, int height)
    {
        const string longName = "The Extremely Long Named Pythonistas Club"; // 41 characters
        leaderboard = Snapshot(1, (longName[..40], 1, 20), ("Beta", 0, 0));
        var page = await OpenProjectorAsync(width, height);
        var name = page.Locator(".row.team .name").First;
        await Expect(name).ToHaveTextAsync(longName[..40]);
        var measured = await name.EvaluateAsync<double[]>(
            "e => [e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1 ? 1 : 0, parseFloat(getComputedStyle(e).fontSize)]");
        var (clipped, fontPx) = (measured[0] == 1, measured[1]);
        Assert.False(clipped, $"the name is cut at {width}×{height}");
        Assert.True(fontPx >= 18, $"the name is {fontPx} px at {width}×{height}");
        var shortPx = await page.Locator(".row.team .name").Nth(1).EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(shortPx >= 18, $"a short name is {shortPx} px at {width}×{height}");
        await Chromium.ScreenshotAsync(page, $"projector-long-name-{width}", fullPage: false);
    }

    [Fact]
    public async Task SixtyTeamsArePagedThroughAutomatically()
    {
        leaderboard = Snapshot(1, Enumerable.Range(1, 64).Select(i => ($"Team {i:00}", i <= 10 ? 2 : i <= 30 ? 1 : 0, i)).ToArray());
        var page = await OpenProjectorAsync(1280, 720);
        await Expect(page.Locator(".row.team")).ToHaveCountAsync(64);
        await Expect(page.Locator("#page")).ToContainTextAsync("page 2 of", new() { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(1500); // the smooth scroll
        var scrolled = await page.EvaluateAsync<double>("document.getElementById('rows').scrollTop");
        Assert.True(scrolled > 0, "the rows did not scroll");
        await Chromium.ScreenshotAsync(page, "projector-many-teams", fullPage: false);
    }
}
