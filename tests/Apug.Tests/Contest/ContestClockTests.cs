using System.Net;
using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apug.Tests.Contest;

/// <summary>The contest clock in the real server, on a fake clock, with real judging.</summary>
[Collection(DockerCollection.Name)]
public sealed class ContestClockTests : IDisposable
{
    private const string SumSolution = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static readonly DateTimeOffset FivePm = new(2026, 3, 12, 17, 0, 0, TimeSpan.Zero);
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private readonly string data = Directory.CreateTempSubdirectory("apug-data-").FullName;
    private readonly List<ApugFactory> factories = [];

    public ContestClockTests()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        new PackageBuilder(challenges, "warmup").Secret("01", "1\n", "1\n").Build();
    }

    public void Dispose()
    {
        foreach (var factory in factories) factory.Dispose();
        Directory.Delete(challenges, recursive: true);
        Directory.Delete(data, recursive: true);
    }

    private ApugFactory Server(FakeTimeProvider time)
    {
        var factory = new ApugFactory(challenges, data) { TestServices = services => services.AddSingleton<TimeProvider>(time) };
        factories.Add(factory);
        return factory;
    }

    private void ContestYaml(string start) => File.WriteAllText(Path.Combine(challenges, "contest.yaml"), $"""
        name: Pug Night
        {start}
        duration_minutes: 120
        freeze_minutes: 30
        problems:
          - id: sum
            colour: "#ff0000"
        """);

    private static async Task<ProblemDetails> RefusedAsync(HttpClient team, string challengeId)
    {
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId, source = SumSolution });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }

    [Fact]
    public async Task SubmissionsBeforeTheStartAndAfterTheEndAreRefusedSayingWhenTheContestOpensOrClosed()
    {
        ContestYaml("start: 2026-03-12T18:00:00Z");
        var time = new FakeTimeProvider(FivePm);
        var server = Server(time);
        var (team, _, _) = await server.RegisterAsync("Early birds");
        await using var projector = await HubRecorder.ConnectAsync(server, token: null);

        var early = await RefusedAsync(team, "sum");
        var elsewhere = await RefusedAsync(team, "warmup");
        time.Advance(TimeSpan.FromHours(1));
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "running");
        var judged = await server.SubmitAndWaitAsync(team, "sum", SumSolution);
        time.Advance(TimeSpan.FromHours(2));
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "ended");
        var late = await RefusedAsync(team, "sum");

        Assert.Equal("Contest not started", early.Title);
        Assert.Contains("opens at 2026-03-12 18:00 UTC (1 h from now)", early.Detail);
        Assert.Contains("'warmup' is not part of Pug Night", elsewhere.Detail);
        Assert.Contains("A (sum)", elsewhere.Detail);
        Assert.Equal(Verdict.AC, judged.Verdict);
        Assert.Equal("Contest over", late.Title);
        Assert.Contains("closed at 2026-03-12 20:00 UTC", late.Detail);
        Assert.Equal(["before", "running", "ended"], projector.Of<ContestStateView>().Select(s => s.Phase));
    }

    [Fact]
    public async Task TheClockAndTheFrozenBoardAreTheSameAfterARestartAndTheRevealShowsTheFinalStandings()
    {
        ContestYaml(""); // no start: the organisers start it
        var time = new FakeTimeProvider(FivePm);
        LeaderboardSnapshot boardBefore;
        ContestStateView clockBefore;
        Guid idA, idB;
        using (var before = Server(time))
        {
            var (teamA, a, _) = await before.RegisterAsync("Alpacas");
            var (teamB, b, _) = await before.RegisterAsync("Beagles");
            (idA, idB) = (a, b);
            await using var watcher = await HubRecorder.ConnectAsync(before, token: null);
            await before.Clock().StartNowAsync();
            time.Advance(TimeSpan.FromMinutes(10));
            await before.SubmitAndWaitAsync(teamA, "sum", SumSolution);
            time.Advance(TimeSpan.FromMinutes(10));
            await before.SubmitAndWaitAsync(teamB, "sum", "print(1)\n");
            time.Advance(TimeSpan.FromMinutes(80)); // 18:40, frozen since 18:30
            await before.SubmitAndWaitAsync(teamB, "sum", SumSolution);
            await watcher.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == b && r.Cells[0].Pending == 1));
            var incremental = await before.Leaderboard().SnapshotAsync();
            await before.Clock().ExtendAsync(TimeSpan.FromMinutes(10)); // a clock change rebuilds the board from the database
            boardBefore = await before.Leaderboard().SnapshotAsync();
            clockBefore = before.Clock().View();
            Assert.Equal(incremental.Rows.Count, boardBefore.Rows.Count);
            Assert.All(incremental.Rows.Zip(boardBefore.Rows), pair => Assert.True(pair.First.SameAs(pair.Second)));
        }

        var after = Server(time);
        await using var projector = await HubRecorder.ConnectAsync(after, token: null);
        var boardAfter = await projector.WaitForAsync<LeaderboardSnapshot>();
        var clockAfter = await projector.WaitForAsync<ContestStateView>();

        Assert.Equal(clockBefore, clockAfter with { Now = clockBefore.Now });
        Assert.Equal(("frozen", FivePm, FivePm.AddMinutes(130), FivePm.AddMinutes(90)),
            (clockAfter.Phase, clockAfter.StartsAt!.Value, clockAfter.EndsAt!.Value, clockAfter.FreezesAt!.Value));
        Assert.True(boardAfter.Frozen);
        Assert.Equal(boardBefore.Rows.Count, boardAfter.Rows.Count);
        Assert.All(boardBefore.Rows.Zip(boardAfter.Rows), pair => Assert.True(pair.First.SameAs(pair.Second)));
        var pendingCell = boardAfter.Rows.Single(r => r.TeamId == idB).Cells.Single();
        Assert.Equal((false, 1, 1), (pendingCell.Solved, pendingCell.Attempts, pendingCell.Pending));

        await Assert.ThrowsAsync<ContestRuleException>(() => after.Clock().RevealNextAsync());
        time.Advance(TimeSpan.FromMinutes(40)); // 19:20, ended at 19:10
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "ended");
        var step = await after.Clock().RevealNextAsync();
        var revealed = await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == idB && r.Solved == 1));
        var last = await after.Clock().RevealNextAsync();
        var final = await projector.WaitForAsync<LeaderboardDelta>(d => !d.Frozen);

        Assert.Equal(new RevealStep(idB, "Beagles", "sum", "A", Solved: true, RankBefore: 2, RankAfter: 2, CellsLeft: 0), step);
        Assert.True(revealed.Frozen);
        var cell = revealed.Rows.Single(r => r.TeamId == idB).Cells.Single();
        Assert.Equal(new Cell("sum", true, 2, 0, 100, false, null), cell);
        Assert.Equal(120, revealed.Rows.Single(r => r.TeamId == idB).Penalty);
        Assert.Null(last);
        Assert.Equal([idA, idB], final.Order);
        Assert.False((await after.Leaderboard().SnapshotAsync()).Frozen);
    }

    [Fact]
    public async Task ClockOperationsThatDoNotFitTheContestAreRefusedWithAReason()
    {
        ContestYaml("");
        var server = Server(new FakeTimeProvider(FivePm));
        var clock = server.Clock();

        var freeze = await Assert.ThrowsAsync<ContestRuleException>(() => clock.FreezeNowAsync());
        var end = await Assert.ThrowsAsync<ContestRuleException>(() => clock.EndNowAsync());
        var extend = await Assert.ThrowsAsync<ContestRuleException>(() => clock.ExtendAsync(TimeSpan.FromMinutes(5)));
        var started = await clock.StartNowAsync();
        var frozen = await clock.FreezeNowAsync();
        var unfrozen = await clock.UnfreezeAsync();
        var ended = await clock.EndNowAsync();

        Assert.Equal("Only a running contest can be frozen.", freeze.Message);
        Assert.Equal("Only a running contest can be ended.", end.Message);
        Assert.Contains("no start time yet", extend.Message);
        Assert.Equal(["running", "frozen", "running", "ended"], new[] { started, frozen, unfrozen, ended }.Select(s => s.Phase));
        Assert.Null(unfrozen.FreezesAt);
    }
}
