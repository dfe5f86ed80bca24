using System.Net.Http.Headers;
using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Realtime;
using Apug.Server.ScaleOut;
using Apug.Tests.Infrastructure;
using static Apug.Tests.ScaleOut.Instances;
using Apug.Tests.Realtime;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Apug.Tests.ScaleOut;

/// <summary>
/// Two real server instances on loopback sharing one PostgreSQL and one Redis (ScaleOutServers): work posted to one is
/// judged by the other, each team and each projector hears each verdict once, and a killed instance's work is judged
/// by the one left, exactly once.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class TwoInstanceTests(ScaleOutServers servers)
{
    private const string Greeter = "name = input().strip()\nprint(f\"Hello, {name}!\")\n";

    private static async Task<(HttpClient Client, Guid Id, string Token)> RegisterAsync(Uri server, string name)
    {
        var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/api/teams", new { name, members = new[] { "Ada" } });
        response.EnsureSuccessStatusCode();
        var team = (await response.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Token);
        return (client, team.Id, team.Token);
    }

    private static async Task<Guid> SubmitAsync(HttpClient team, string source)
    {
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
    }

    [Fact]
    public async Task ATeamOnOneInstanceHearsTheVerdictJudgedOnTheOtherOnceAndBothProjectorsShowIt()
    {
        var shared = await servers.PostgresSettingsAsync(redis: true);
        using var a = new KestrelServer(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "instance-a" }));
        using var b = new KestrelServer(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "instance-b" }));
        await a.Service<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await b.Service<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        // B takes no work: whatever is posted to B can only be judged by A.
        await StopJudgingAsync(b.Factory);
        var judgedOnA = new List<Guid>();
        using var onA = a.Factory.Events.Subscribe(e => { if (e is SubmissionJudged) lock (judgedOnA) judgedOnA.Add(e.SubmissionId); });

        var bAddress = new Uri(b.Address);
        var (team, teamId, token) = await RegisterAsync(bAddress, "Redis Pugs");
        await using var teamOnB = await HubRecorder.ConnectAsync(bAddress, token);
        await using var projectorOnB = await HubRecorder.ConnectAsync(bAddress, token: null, followBoard: true);
        await using var projectorOnA = await HubRecorder.ConnectAsync(new Uri(a.Address), token: null, followBoard: true);

        var wrong = await SubmitAsync(team, "print('Hello?')\n");
        var right = await SubmitAsync(team, Greeter);
        var verdictRight = await teamOnB.WaitForAsync<SubmissionJudgedView>(v => v.SubmissionId == right, TimeSpan.FromSeconds(120));
        var verdictWrong = await teamOnB.WaitForAsync<SubmissionJudgedView>(v => v.SubmissionId == wrong, TimeSpan.FromSeconds(120));
        Assert.Equal(Verdict.AC, verdictRight.Verdict);
        Assert.Equal(Verdict.WA, verdictWrong.Verdict);
        lock (judgedOnA) Assert.Equal(new[] { wrong, right }.Order(), judgedOnA.Order());

        // Both projectors follow the board to the solve, each hearing it from its own instance.
        static bool Solved(LeaderboardDelta d, Guid team) => d.Rows.Any(r => r.TeamId == team && r.Solved == 1);
        await projectorOnB.WaitForAsync<LeaderboardDelta>(d => Solved(d, teamId), TimeSpan.FromSeconds(30));
        await projectorOnA.WaitForAsync<LeaderboardDelta>(d => Solved(d, teamId), TimeSpan.FromSeconds(30));
        using var anonymous = new HttpClient { BaseAddress = bAddress };
        var board = (await anonymous.GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options))!;
        Assert.Equal(1, Assert.Single(board.Rows, r => r.TeamId == teamId).Solved);

        // Anything sent twice (once per instance, or twice through Redis) would have arrived by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(teamOnB.Of<SubmissionJudgedView>(), v => v.SubmissionId == right);
        Assert.Single(teamOnB.Of<SubmissionJudgedView>(), v => v.SubmissionId == wrong);
        var tests = (await ApugFactory.GetSubmissionAsync(team, right)).Tests.Length;
        Assert.Equal(tests, teamOnB.Of<TestFinishedView>().Count(t => t.SubmissionId == right));
        Assert.Single(teamOnB.Of<SubmissionQueuedView>(), q => q.SubmissionId == right);
        foreach (var projector in new[] { projectorOnA, projectorOnB })
        {
            Assert.Single(projector.Of<LeaderboardDelta>(), d => Solved(d, teamId));
            Assert.Single(projector.Of<FirstSolve>());
            // Versions follow one another: the deltas come from one board, not two interleaved.
            var deltas = projector.Of<LeaderboardDelta>();
            Assert.All(deltas.Zip(deltas.Skip(1)), pair => Assert.Equal(pair.First.Version, pair.Second.PreviousVersion));
        }
        Assert.Empty(projectorOnB.TeamEvents);
    }

    [Fact]
    public async Task TheEventStreamOnOneInstanceEndsWithTheVerdictJudgedOnTheOther()
    {
        var shared = await servers.PostgresSettingsAsync();
        using var a = new ApugFactory(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "judge-a" }));
        using var b = new ApugFactory(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "stream-b" }));
        _ = a.Server;
        await a.Services.GetRequiredService<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await b.Services.GetRequiredService<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await StopJudgingAsync(b);

        // submit.py's way, on B: POST, then follow /api/submissions/{id}/events to the verdict. A judges (slowly, so the
        // stream is open before the verdict is stored).
        var team = await b.CreateTeamClientAsync("Streaming Pugs");
        var id = await SubmitAsync(team, "import time\ntime.sleep(0.3)\nprint(f'Hello, {input().strip()}!')\n");
        using var response = await team.GetAsync($"/api/submissions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Contains("event: judged", body);
        Assert.Contains("\"verdict\":\"AC\"", body);
        Assert.Equal("judged", (await ApugFactory.GetSubmissionAsync(team, id)).Status);
    }

    [Fact]
    public async Task AJudgingLongerThanTheLeaseKeepsItsClaimWhileTheInstanceLives()
    {
        var shared = ApugFactory.With(await servers.PostgresSettingsAsync(),
            new Dictionary<string, string?> { ["Apug:Database:LeaseSeconds"] = "2", ["Apug:Database:PollSeconds"] = "0.2" });
        using var a = new ApugFactory(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "slow-a" }));
        using var b = new ApugFactory(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "idle-b" }));
        var started = new List<string>(); // which instance started judging it, each time one did
        using var onA = a.Events.Subscribe(e => { if (e is SubmissionStarted) lock (started) started.Add("a"); });
        using var onB = b.Events.Subscribe(e => { if (e is SubmissionStarted) lock (started) started.Add("b"); });
        _ = b.Server; // B is up, polling every 0.2 s: it would take the submission the moment A's lease lapsed
        await b.Services.GetRequiredService<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

        // Ten tests of 0.5 s each: about five seconds of judging, more than two leases. Whichever instance claims it
        // must keep it to the end: one start, one verdict.
        var team = await a.CreateTeamClientAsync("Patient Pugs");
        var id = await SubmitAsync(team, "import time\ntime.sleep(0.5)\nprint(f'Hello, {input().strip()}!')\n");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        SubmissionDto result;
        while ((result = await ApugFactory.GetSubmissionAsync(team, id)).Status != "judged")
        {
            Assert.True(DateTime.UtcNow < deadline, "not judged in time");
            await Task.Delay(100);
        }
        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.True(result.JudgedAt - result.CreatedAt > TimeSpan.FromSeconds(4), $"judged too fast to outlast the lease: {result.JudgedAt - result.CreatedAt}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        lock (started) Assert.Single(started);
    }

    [Fact]
    public async Task WhenOneInstanceIsKilledTheOtherJudgesAllItsWorkExactlyOnce()
    {
        var connectionString = await servers.NewDatabaseAsync();
        var shared = new Dictionary<string, string>
        {
            ["Apug:Database:Provider"] = "postgres",
            ["ConnectionStrings:Apug"] = connectionString,
            ["Apug:Redis"] = servers.Redis,
            ["Apug:Database:LeaseSeconds"] = "3",
            ["Apug:Database:PollSeconds"] = "0.5",
            ["Apug:Workers"] = "1",
            ["Apug:Sandbox:WarmAtStart"] = "false",
        };
        var dataA = Directory.CreateTempSubdirectory("apug-scale-a-").FullName;
        var dataB = Directory.CreateTempSubdirectory("apug-scale-b-").FullName;
        try
        {
            await using var a = await ServerProcess.StartAsync(dataA, TestPaths.BundledChallenges, new Dictionary<string, string>(shared) { ["Apug:InstanceId"] = "doomed" });
            await using var b = await ServerProcess.StartAsync(dataB, TestPaths.BundledChallenges, new Dictionary<string, string>(shared) { ["Apug:InstanceId"] = "survivor" });
            var (team, _, token) = await RegisterAsync(a.Address, "Lease Pugs");
            await using var teamOnB = await HubRecorder.ConnectAsync(b.Address, token);

            // Slow enough that the doomed instance is in the middle of one when it dies.
            const string slow = "import time\ntime.sleep(0.4)\nname = input().strip()\nprint(f\"Hello, {name}!\")\n";
            var ids = new List<Guid>();
            for (var i = 0; i < 6; i++) ids.Add(await SubmitAsync(team, slow));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            List<string> heldByDoomed;
            while ((heldByDoomed = (await connection.QueryAsync<string>(
                       "SELECT id FROM submissions WHERE status = 'running' AND claimed_by = 'doomed'")).ToList()).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the doomed instance never claimed a submission:\n{a.Output}");
                await Task.Delay(20);
            }
            await a.KillAsync(); // SIGKILL: no shutdown code, its claim stays in the database until the lease runs out
            var queuedAtKill = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE status = 'queued'");

            foreach (var id in ids) await teamOnB.WaitForAsync<SubmissionJudgedView>(v => v.SubmissionId == id, TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(3)); // a second judging of any of them would be heard by now

            var rows = (await connection.QueryAsync<(string Id, string Status, string Verdict, string? ClaimedBy)>(
                "SELECT id, status, verdict, claimed_by FROM submissions")).ToList();
            Assert.Equal(6, rows.Count);
            Assert.All(rows, r => Assert.Equal(("judged", "AC", (string?)null), (r.Status, r.Verdict, r.ClaimedBy)));
            foreach (var id in ids) Assert.Single(teamOnB.Of<SubmissionJudgedView>(), v => v.SubmissionId == id);
            Assert.Contains(heldByDoomed.Single(), ids.Select(i => i.ToString()));
            Assert.True(queuedAtKill > 0, "no work was left queued when the instance died");
            Assert.Contains("Judged " + heldByDoomed.Single(), b.Output); // the dead instance's claim, taken over after its lease
            // Nothing went wrong on the survivor along the way (lease renewals, signals, the engine retry's queries).
            Assert.DoesNotContain("fail:", b.Output);
        }
        finally
        {
            foreach (var folder in new[] { dataA, dataB }) try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }
}
