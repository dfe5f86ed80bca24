using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Server.ScaleOut;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;
using static Apug.Tests.ScaleOut.Instances;
using Dapper;
using Npgsql;

namespace Apug.Tests.ScaleOut;

/// <summary>
/// An instance whose LISTEN connection breaks misses NOTIFYs: once it listens again it catches up from the rows, so its
/// board, its projector and its event streams end where they would have.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ListenerCatchUpTests(ScaleOutServers servers)
{
    private const string Greeter = "print(f'Hello, {input().strip()}!')\n";

    [Fact]
    public async Task AnInstanceWhoseListenerIsKilledWhileVerdictsLandCatchesUpItsBoardProjectorAndStreams()
    {
        var connectionString = await servers.NewDatabaseAsync();
        var shared = await servers.PostgresSettingsAsync(connectionString: connectionString);
        using var a = new KestrelServer(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "judge-a" }));
        using var b = new KestrelServer(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "deaf-b" }));
        var signalsB = b.Service<ClusterSignals>();
        await a.Service<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await signalsB.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await StopJudgingAsync(b.Factory); // all judging on A: B learns of each verdict only by A's NOTIFY
        await using var projectorOnB = await HubRecorder.ConnectAsync(new Uri(b.Address), token: null, followBoard: true);

        // B's listener is ended again and again (as a flaky network or a restarted pgbouncer would) while teams register
        // on B and A judges what they post there.
        using var stopKilling = new CancellationTokenSource();
        var killed = 0;
        var killer = Task.Run(async () =>
        {
            await using var admin = new NpgsqlConnection(connectionString);
            await admin.OpenAsync();
            while (!stopKilling.IsCancellationRequested)
            {
                killed += await admin.ExecuteScalarAsync<int>(
                    "SELECT COUNT(*)::int FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name) t",
                    new { name = signalsB.ApplicationName });
                await Task.Delay(30);
            }
        });
        var teams = new List<(HttpClient Client, Guid Id)>();
        for (var i = 0; i < 3; i++)
        {
            var client = new HttpClient { BaseAddress = new Uri(b.Address), Timeout = TimeSpan.FromSeconds(60) };
            var response = await client.PostAsJsonAsync("/api/teams", new { name = $"Deaf Pugs {i}", members = new[] { "Ada" } });
            var team = (await response.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
            client.DefaultRequestHeaders.Authorization = new("Bearer", team.Token);
            teams.Add((client, team.Id));
        }
        var ids = new List<Guid>();
        foreach (var (client, _) in teams)
        {
            var posted = await client.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = Greeter });
            ids.Add((await posted.Content.ReadFromJsonAsync<AcceptedDto>())!.Id);
        }
        // submit.py's stream on B, open while the verdict is stored on A and B hears nothing.
        var stream = teams[^1].Client.GetStringAsync($"/api/submissions/{ids[^1]}/events");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE status = 'judged'") < ids.Count)
            {
                Assert.True(DateTime.UtcNow < deadline, "A did not judge the submissions");
                await Task.Delay(100);
            }
        }
        await Task.Delay(500);
        await stopKilling.CancelAsync();
        await killer;
        Assert.True(killed > 0, "the listener was never killed");

        // Once B listens again it catches up: its board has every solve, its projector shows them, the stream ends.
        var body = await stream.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("event: judged", body);
        Assert.Contains("\"verdict\":\"AC\"", body);
        static bool AllSolved(IEnumerable<Row> rows, IEnumerable<Guid> teams) => teams.All(t => rows.Any(r => r.TeamId == t && r.Solved == 1));
        var teamIds = teams.Select(t => t.Id).ToList();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!AllSolved(projectorOnB.Of<LeaderboardDelta>().SelectMany(d => d.Rows), teamIds))
        {
            Assert.True(DateTime.UtcNow < until, "B's projector never showed every solve");
            await Task.Delay(100);
        }
        using var anonymous = new HttpClient { BaseAddress = new Uri(b.Address) };
        var board = (await anonymous.GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options))!;
        Assert.True(AllSolved(board.Rows, teamIds), "B's board lacks solves judged while it was not listening");
        Assert.True(signalsB.CatchUps > 0);
    }
}
