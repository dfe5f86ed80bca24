using System.Net;
using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apug.Tests.Admin;

/// <summary>The organisers drive the contest clock and the board through /api/admin: real server, fake clock, real judging.</summary>
[Collection(DockerCollection.Name)]
public class AdminContestTests : IDisposable
{
    private const string Sum = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static readonly DateTimeOffset SixPm = new(2026, 3, 12, 18, 0, 0, TimeSpan.Zero);
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-admin-contest-").FullName;
    private readonly FakeTimeProvider time = new(SixPm);
    private readonly ApugFactory factory;
    private readonly HttpClient admin;

    public AdminContestTests() : this([]) { }

    protected AdminContestTests(Dictionary<string, string?> database)
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), """
            name: Pug Night
            duration_minutes: 120
            freeze_minutes: 30
            """);
        factory = new ApugFactory(challenges, settings: ApugFactory.With(AdminClient.Settings, database)) { TestServices = services => services.AddSingleton<TimeProvider>(time) };
        admin = factory.CreateAdminClient();
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    private async Task<ContestStateView> PostAsync(string path, object? body = null)
    {
        var response = body is null ? await admin.PostAsync(path, null) : await admin.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ContestStateView>(Json.Options))!;
    }

    private async Task<string> RefusedAsync(string path)
    {
        var response = await admin.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task StartExtendFreezeUnfreezeAndEndChangeTheClockAndAreBroadcast()
    {
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);
        Assert.Equal("before", (await admin.GetFromJsonAsync<ContestStateView>("/api/admin/contest", Json.Options))!.Phase);
        Assert.Contains("Only a running contest can be frozen", await RefusedAsync("/api/admin/contest/freeze"));

        var planned = await PostAsync("/api/admin/contest/start", new { at = SixPm.AddMinutes(30) });
        Assert.Equal(("before", SixPm.AddMinutes(30)), (planned.Phase, planned.StartsAt));

        var started = await PostAsync("/api/admin/contest/start");
        Assert.Equal(("running", SixPm, SixPm.AddHours(2)), (started.Phase, started.StartsAt, started.EndsAt));
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "running");

        var extended = await PostAsync("/api/admin/contest/extend", new { minutes = 15 });
        Assert.Equal(SixPm.AddMinutes(135), extended.EndsAt);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/contest/extend", new { minutes = -5 })).StatusCode);

        Assert.Equal("frozen", (await PostAsync("/api/admin/contest/freeze")).Phase);
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "frozen");
        Assert.Equal("running", (await PostAsync("/api/admin/contest/unfreeze")).Phase);
        Assert.Contains("Reveal the standings once the contest has ended", await RefusedAsync("/api/admin/contest/reveal/next"));

        Assert.Equal("ended", (await PostAsync("/api/admin/contest/end")).Phase);
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "ended");
        Assert.Contains("Only a running contest can be ended", await RefusedAsync("/api/admin/contest/end"));
    }

    [Fact]
    public async Task AfterAFrozenEndTheRevealShowsTheHiddenSolveAndTheExportAlwaysHadIt()
    {
        await PostAsync("/api/admin/contest/start");
        var (team, teamId, _) = await factory.RegisterAsync("Late Solvers");
        time.Advance(TimeSpan.FromMinutes(100)); // into the last 30 minutes: the public board is frozen
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);
        await projector.WaitForAsync<ContestStateView>(s => s.Phase == "frozen");
        await factory.SubmitAndWaitAsync(team, "sum", Sum);
        // The board follows the verdict event on its own queue: wait for it rather than race it.
        await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == teamId && r.Cells.Single().Pending == 1));

        var publicBoard = await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        var hiddenCell = publicBoard!.Rows.Single(r => r.TeamId == teamId).Cells.Single();
        Assert.Equal((false, 1), (hiddenCell.Solved, hiddenCell.Pending));
        var truth = await admin.GetFromJsonAsync<LeaderboardSnapshot>("/api/admin/export/standings.json", Json.Options);
        Assert.True(truth!.Rows.Single(r => r.TeamId == teamId).Cells.Single().Solved);
        var csv = await admin.GetStringAsync("/api/admin/export/standings.csv");
        Assert.Contains($"1,{teamId},Late Solvers,1,", csv);

        Assert.Contains("has ended", await RefusedAsync("/api/admin/contest/reveal/all"));
        time.Advance(TimeSpan.FromMinutes(1)); // ending at the very moment of the submission would leave it out
        await PostAsync("/api/admin/contest/end");
        var stepResponse = await admin.PostAsync("/api/admin/contest/reveal/next", null);
        var stepBody = await stepResponse.Content.ReadAsStringAsync();
        var step = System.Text.Json.JsonSerializer.Deserialize<RevealDto>(stepBody, Json.Options);
        Assert.True(step?.Step is not null, stepBody);
        Assert.Equal((teamId, "sum", true, false), (step!.Step!.TeamId, step.Step.ChallengeId, step.Step.Solved, step.Final));
        await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == teamId && r.Cells.Single().Solved));
        var last = await (await admin.PostAsync("/api/admin/contest/reveal/next", null)).Content.ReadFromJsonAsync<RevealDto>(Json.Options);
        Assert.Equal((null, true), (last!.Step, last.Final));
    }

    [Fact]
    public async Task TheAutomaticRevealRevealsAStepEveryIntervalUntilTheBoardIsFinalAndCanBeStopped()
    {
        await PostAsync("/api/admin/contest/start");
        var teams = new List<(HttpClient Client, Guid Id, string Token)>();
        foreach (var name in new[] { "Alpha", "Bravo", "Charlie" }) teams.Add(await factory.RegisterAsync(name));
        time.Advance(TimeSpan.FromMinutes(100)); // frozen: the three solves stay pending on the public board
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);
        await Task.WhenAll(teams.Select(t => factory.SubmitAndWaitAsync(t.Client, "sum", Sum)));
        foreach (var (_, id, _) in teams)
            await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == id && r.Cells.Single().Pending == 1));
        time.Advance(TimeSpan.FromMinutes(1));
        await PostAsync("/api/admin/contest/end");

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/admin/contest/reveal/auto", new { intervalSeconds = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsync("/api/admin/contest/reveal/stop", null)).StatusCode);
        var tooFast = await admin.PostAsJsonAsync("/api/admin/contest/reveal/auto", new { intervalSeconds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, tooFast.StatusCode);
        Assert.Contains("between 1 and 60", await tooFast.Content.ReadAsStringAsync());
        Assert.Equal(3, await PendingAsync());

        // The first step comes at once; stopping the loop leaves the rest hidden however much time passes.
        var first = await StartAutoAsync();
        Assert.True(first.Running);
        Assert.Equal((false, 2), (first.Final, first.Step!.CellsLeft));
        Assert.True((await (await admin.PostAsync("/api/admin/contest/reveal/stop", null)).Content.ReadFromJsonAsync<StoppedDto>(Json.Options))!.WasRunning);
        time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.Equal(2, await PendingAsync());

        // Started again, it goes on by itself with the fake clock until nothing is left and the board is unfrozen.
        var second = await StartAutoAsync();
        Assert.Equal(1, second.Step!.CellsLeft);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var board = await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
            if (!board!.Frozen && board.Rows.All(r => r.Cells.Single() is { Solved: true, Pending: 0 })) break;
            Assert.False(deadline.IsCancellationRequested, "the automatic reveal did not finish the board");
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
        foreach (var (_, id, _) in teams)
            await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == id && r.Cells.Single().Solved));
        Assert.False((await (await admin.PostAsync("/api/admin/contest/reveal/stop", null)).Content.ReadFromJsonAsync<StoppedDto>(Json.Options))!.WasRunning);
    }

    private async Task<AutoRevealDto> StartAutoAsync()
    {
        var response = await admin.PostAsJsonAsync("/api/admin/contest/reveal/auto", new { intervalSeconds = 5 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var view = System.Text.Json.JsonSerializer.Deserialize<AutoRevealDto>(body, Json.Options)!;
        Assert.Equal(5, view.IntervalSeconds);
        return view;
    }

    private async Task<int> PendingAsync()
    {
        var board = await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        return board!.Rows.Sum(r => r.Cells.Count(c => c.Pending > 0));
    }

    [Fact]
    public async Task HidingRenamingAndDisqualifyingATeamChangeThePublicBoard()
    {
        await PostAsync("/api/admin/contest/start");
        var (pugs, pugsId, _) = await factory.RegisterAsync("Pugs");
        var (snakes, snakesId, _) = await factory.RegisterAsync("Snakes");
        await factory.SubmitAndWaitAsync(pugs, "sum", Sum);
        await factory.SubmitAndWaitAsync(snakes, "sum", "print(0)\n");
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);
        async Task<IReadOnlyList<string>> BoardAsync() =>
            (await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options))!.Rows.Select(r => r.TeamName).ToList();
        Assert.Equal(["Pugs", "Snakes"], await BoardAsync());

        var hidden = await (await admin.PostAsync($"/api/admin/teams/{snakesId}/hide", null)).Content.ReadFromJsonAsync<AdminTeamDto>(Json.Options);
        Assert.True(hidden!.Hidden);
        Assert.Equal(["Pugs"], await BoardAsync());
        await projector.WaitForAsync<LeaderboardDelta>(d => d.Order.SequenceEqual([pugsId]));
        await admin.PostAsync($"/api/admin/teams/{snakesId}/unhide", null);
        Assert.Equal(["Pugs", "Snakes"], await BoardAsync());

        await admin.PostAsJsonAsync($"/api/admin/teams/{pugsId}/rename", new { name = "Pug Life" });
        Assert.Equal(["Pug Life", "Snakes"], await BoardAsync());
        await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamName == "Pug Life"));

        var disqualified = await (await admin.PostAsJsonAsync($"/api/admin/teams/{pugsId}/disqualify", new { reason = "Used an LLM" }))
            .Content.ReadFromJsonAsync<AdminTeamDto>(Json.Options);
        Assert.Equal((true, true), (disqualified!.Disqualified, disqualified.Hidden));
        Assert.Equal(["Snakes"], await BoardAsync());
        await admin.PostAsync($"/api/admin/teams/{pugsId}/reinstate", null);
        Assert.Equal(["Pug Life", "Snakes"], await BoardAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/teams/{Guid.NewGuid()}/hide", null)).StatusCode);
    }
}

public sealed record RevealStepDto(Guid TeamId, string TeamName, string ChallengeId, string Label, bool Solved, int RankBefore, int RankAfter, int CellsLeft);

public sealed record RevealDto(RevealStepDto? Step, bool Final, ContestStateView State);

public sealed record AutoRevealDto(RevealStepDto? Step, bool Final, bool Running, double IntervalSeconds, ContestStateView State);

public sealed record StoppedDto(bool WasRunning);

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class AdminContestTestsOnPostgres(ScaleOutServers servers) : AdminContestTests(servers.Postgres());
