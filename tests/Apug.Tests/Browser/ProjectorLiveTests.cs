using Apug.Server.Contest;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The projector against the real hub, real judging (Docker) and the real contest clock: it never reloads.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectorLiveTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Greeter = "name = input().strip()\nprint(f\"Hello, {name}!\")\n";
    private const string Sum = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static readonly LocatorAssertionsToHaveCountOptions Judging = new() { Timeout = 120_000 };
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private readonly List<KestrelServer> servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        foreach (var server in servers) server.Dispose();
        Directory.Delete(challenges, recursive: true);
    }

    private KestrelServer Start(string? challengesPath = null, string? data = null, int port = 0)
    {
        var server = new KestrelServer(challengesPath, dataDirectory: data, port: port);
        servers.Add(server);
        return server;
    }

    private async Task<IPage> OpenProjectorAsync(KestrelServer server)
    {
        var page = await chromium.NewPageAsync(1600, 900);
        await page.GotoAsync(server.Url("/projector"));
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("window.notReloaded = true");
        return page;
    }

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"), "the projector reloaded");

    private void WriteSumPackageAndContest()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), """
            name: Freeze Night
            duration_minutes: 60
            freeze_minutes: 20
            problems:
              - id: sum
                colour: "#e5534b"
            """);
    }

    [Fact]
    public async Task NewStandingsFirstSolvesAndANewLeaderAppearWithoutAReload()
    {
        var server = Start();
        var page = await OpenProjectorAsync(server);
        await Expect(page.Locator("#join-url")).ToHaveTextAsync(server.Address.Replace("http://", ""));

        var early = await server.Factory.CreateTeamClientAsync("Early Birds");
        await server.Factory.SubmitAndWaitAsync(early, "hello-pug", Greeter);
        var first = page.Locator(".row.team[data-team] .cell.solved.first");
        await Expect(first).ToHaveCountAsync(1, Judging);
        await Expect(page.Locator("#celebration")).ToContainTextAsync("First to solve A: Early Birds");

        var owls = await server.Factory.CreateTeamClientAsync("Night Owls");
        await server.Factory.SubmitAndWaitAsync(owls, "hello-pug", "print('hello')\n");
        await server.Factory.SubmitAndWaitAsync(owls, "hello-pug", Greeter);
        await server.Factory.SubmitAndWaitAsync(owls, "pizza-slices", File.ReadAllText(Path.Combine(TestPaths.BundledChallenges, "pizza-slices", "submissions", "accepted", "share.py")));
        await Expect(page.Locator(".row.team .name")).ToHaveTextAsync(["Night Owls", "Early Birds"], new() { Timeout = 30_000 });
        await Expect(page.Locator(".row.team").First.Locator(".score")).ToHaveTextAsync("2");
        await Expect(page.Locator(".row.team").First.Locator(".cell.solved").First).ToContainTextAsync("+1");
        await Expect(page.Locator("#celebration")).ToContainTextAsync("New leader: Night Owls", new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(page, "projector-live", fullPage: false);
        await AssertNotReloadedAsync(page);
    }

    [Fact]
    public async Task TheClockRunsAndTheFreezeHidesNewResultsUntilTheReveal()
    {
        WriteSumPackageAndContest();
        var server = Start(challenges);
        var page = await OpenProjectorAsync(server);
        await Expect(page.Locator("#contest-name")).ToHaveTextAsync("Freeze Night");
        await Expect(page.Locator("#phase")).ToHaveTextAsync("Starts soon");

        var clock = server.Service<ContestClock>();
        await clock.StartNowAsync();
        await Expect(page.Locator("#phase")).ToHaveTextAsync("Time left");
        await Expect(page.Locator("#clock")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(59:\d\d|1:00:00)$"));

        await clock.FreezeNowAsync();
        await Expect(page.Locator("#frozen")).ToBeVisibleAsync();
        var team = await server.Factory.CreateTeamClientAsync("Frosty");
        await server.Factory.SubmitAndWaitAsync(team, "sum", Sum);
        await Expect(page.Locator(".row.team .cell.pending")).ToHaveCountAsync(1, Judging);
        await Expect(page.Locator(".row.team .cell.solved")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "projector-frozen", fullPage: false);

        await clock.EndNowAsync();
        await Expect(page.Locator("#phase")).ToHaveTextAsync("Finished");
        await clock.RevealAllAsync();
        await Expect(page.Locator(".row.team .cell.solved")).ToHaveCountAsync(1);
        await Expect(page.Locator("#frozen")).ToBeHiddenAsync();
        await AssertNotReloadedAsync(page);
    }

    [Fact]
    public async Task TheProjectorComesBackByItselfAfterTheServerRestarts()
    {
        var data = Directory.CreateTempSubdirectory("apug-data-").FullName;
        try
        {
            var before = Start(data: data);
            var page = await OpenProjectorAsync(before);
            var team = await before.Factory.CreateTeamClientAsync("Survivors");
            await before.Factory.SubmitAndWaitAsync(team, "hello-pug", Greeter);
            await Expect(page.Locator(".row.team")).ToHaveCountAsync(1, Judging);

            servers.Remove(before);
            before.Dispose();
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "offline");

            var after = Start(data: data, port: before.Port);
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
            var newcomer = await after.Factory.CreateTeamClientAsync("Newcomers");
            await after.Factory.SubmitAndWaitAsync(newcomer, "hello-pug", Greeter);
            // Both solved one in practice (no time, no penalty): a tie, in the server's order.
            await Expect(page.Locator(".row.team .name")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await Expect(page.Locator(".row.team .name", new() { HasText = "Survivors" })).ToHaveCountAsync(1);
            await Expect(page.Locator(".row.team .name", new() { HasText = "Newcomers" })).ToHaveCountAsync(1);
            await AssertNotReloadedAsync(page);
        }
        finally
        {
            foreach (var server in servers) server.Dispose();
            servers.Clear();
            Directory.Delete(data, recursive: true);
        }
    }
}
