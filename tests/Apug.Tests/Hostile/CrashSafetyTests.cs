using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Dapper;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Apug.Tests.Hostile;

/// <summary>SIGKILL mid-judging, the Docker engine going away, a backup under load: nothing lost, nothing twice, nothing half-written.</summary>
[Collection(DockerCollection.Name)]
public sealed class CrashSafetyTests : IDisposable
{
    private const string Sum = "a, b = map(int, input().split())\nprint(a + b)\n";
    private const string SlowSum = "import time\na, b = map(int, input().split())\ntime.sleep(0.7)\nprint(a + b)\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-crash-").FullName;
    private readonly string data = Directory.CreateTempSubdirectory("apug-crash-data-").FullName;

    private readonly ITestOutputHelper output;

    public CrashSafetyTests(ITestOutputHelper output)
    {
        this.output = output;
        new PackageBuilder(challenges, "sum")
            .Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Secret("02", "-5 5\n", "0\n")
            .Limits(timeLimitSeconds: 1, memoryMiB: 64)
            .Build();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(challenges, recursive: true);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task KillingTheServerWhileSubmissionsAreQueuedAndRunningLosesNothingAndJudgesEachExactlyOnce()
    {
        var submissions = new List<(Guid Id, string Token)>();
        string firstLog;
        await using (var first = await ServerProcess.StartAsync(data, challenges, new Dictionary<string, string> { ["Apug:Workers"] = "2" }))
        {
            for (var i = 0; i < 10; i++)
            {
                var team = first.CreateClient();
                var registered = await (await team.PostAsJsonAsync("/api/teams", new { name = $"Crash {i}", members = new[] { "Ada" } }))
                    .Content.ReadFromJsonAsync<TeamRegisteredDto>();
                team.DefaultRequestHeaders.Authorization = new("Bearer", registered!.Token);
                var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "sum", source = i % 3 == 2 ? Sum : SlowSum });
                submissions.Add(((await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id, registered.Token));
            }
            // Kill while some run and others wait in the queue.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var statuses = await StatusesAsync(first, submissions);
                if (statuses.Contains("running") && statuses.Contains("queued")) break;
                Assert.True(DateTime.UtcNow < deadline, $"never saw running and queued together: {string.Join(",", statuses)}");
                await Task.Delay(100);
            }
            await Task.Delay(1500);
            await first.KillAsync();
            firstLog = first.Output;
        }
        var orphans = await OwnContainersAsync();
        output.WriteLine($"{orphans.Count} container(s) left behind by the killed server");

        await using var second = await ServerProcess.StartAsync(data, challenges, new Dictionary<string, string> { ["Apug:Workers"] = "2" });
        var until = DateTime.UtcNow.AddMinutes(3);
        while ((await StatusesAsync(second, submissions)).Any(s => s != "judged"))
        {
            Assert.True(DateTime.UtcNow < until, "not everything was judged after the restart:\n" + second.Output);
            await Task.Delay(250);
        }
        await Task.Delay(1000); // a second judging of anything would show up in the log by now
        var secondLog = second.Output;
        await second.KillAsync();

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "apug.db")};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        var rows = (await connection.QueryAsync<(string Id, string Status, string? Verdict, long Tests)>("""
            SELECT s.id, s.status, s.verdict, (SELECT COUNT(*) FROM test_results t WHERE t.submission_id = s.id) FROM submissions s
            """)).ToList();
        Assert.Equal(submissions.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(("judged", "AC", 3L), (r.Status, r.Verdict, r.Tests)));
        // Exactly once: across both lives of the server, each submission was judged (and logged as judged) once.
        foreach (var (id, _) in submissions)
            Assert.Single(Regex.Matches(firstLog + secondLog, $"Judged {id} on sum"));
        if (orphans.Count > 0) Assert.Contains("left over from a previous run", secondLog);
        // The second server was killed too: what it left is its warm pool, swept at the next start like any leftover.
        var left = await OwnContainersAsync();
        Assert.All(left, c => Assert.True(c.Labels.ContainsKey(SandboxPool.PoolLabel), $"{c.ID[..12]} is not a pool container"));
        await using var sweeperHost = new SandboxHost();
        foreach (var container in left)
            await sweeperHost.Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
    }

    private static async Task<List<string>> StatusesAsync(ServerProcess server, List<(Guid Id, string Token)> submissions)
    {
        var statuses = new List<string>();
        foreach (var (id, token) in submissions)
        {
            using var team = server.CreateClient();
            team.DefaultRequestHeaders.Authorization = new("Bearer", token);
            statuses.Add((await ApugFactory.GetSubmissionAsync(team, id)).Status);
        }
        return statuses;
    }

    private async Task<IList<ContainerListResponse>> OwnContainersAsync()
    {
        var options = Options.Create(new DatabaseOptions { DatabasePath = Path.Combine(data, "apug.db") });
        var owner = new SandboxOwner(new Database(options), new InstanceIdentity(Options.Create(new InstanceOptions()))).Id;
        await using var host = new SandboxHost();
        return await host.Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerSandbox.OwnerLabel}={owner}"] = true },
            },
        });
    }

    [Fact]
    public async Task AnUnreachableEngineGivesAJudgeErrorThatSaysSoAndTheRealVerdictOnceTheEngineIsBack()
    {
        // Never the real dockerd (others share it): the server talks to a socket path where nothing listens yet.
        var socket = Path.Combine(Path.GetTempPath(), $"apug-engine-{Guid.NewGuid():N}.sock");
        using var factory = new ApugFactory(challenges, data, new Dictionary<string, string?>
        {
            ["Apug:Sandbox:DockerEndpoint"] = $"unix://{socket}",
            ["Apug:EngineRetrySeconds"] = "1",
        });
        var judged = new List<SubmissionJudged>();
        var queued = 0;
        var judgedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Events.Subscribe(e =>
        {
            lock (judged)
            {
                if (e is SubmissionQueued) queued++;
                if (e is not SubmissionJudged j) return;
                judged.Add(j);
                if (judged.Count == 2) judgedTwice.TrySetResult();
            }
        });
        var team = await factory.CreateTeamClientAsync();
        var first = await factory.SubmitAndWaitAsync(team, "sum", Sum);
        Assert.Equal(Verdict.JE, first.Verdict);
        Assert.Equal("judged", first.Status);
        Assert.Equal(EngineRetry.Message, first.Message);
        Assert.Contains("will retry automatically", first.Message);

        // The engine "comes back" at the same path; the periodic ping notices and the submission is judged again.
        await using (new UnixSocketProxy(socket, "/var/run/docker.sock"))
        {
            await judgedTwice.Task.WaitAsync(TimeSpan.FromMinutes(1));
            var second = await ApugFactory.GetSubmissionAsync(team, first.Id);
            Assert.True(second.Verdict == Verdict.AC, $"{second.Verdict} {second.Message}");
            Assert.Equal(3, second.Tests.Length);
            Assert.Null(second.Message);
            // Nothing left of the failed attempt: what this server owns now is its warm pool, idle.
            var containers = await factory.Services.GetRequiredService<SandboxEngines>().All[0].Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true });
            var own = containers.Where(c => c.Labels.TryGetValue(DockerSandbox.OwnerLabel, out var o) && o == factory.Services.GetRequiredService<SandboxOwner>().Id).ToList();
            Assert.All(own, c => Assert.True(c.Labels.ContainsKey(SandboxPool.PoolLabel), $"{c.ID[..12]} is not a pool container"));
            Assert.All(factory.Services.GetRequiredService<ISandbox>().PoolStatus, p => Assert.Equal(0, p.Busy));
        }
        await Task.Delay(1500); // nothing more happens: no third judging
        lock (judged)
        {
            Assert.Equal([Verdict.JE, Verdict.AC], judged.Select(j => j.Outcome.Verdict));
            Assert.Equal(2, queued);
        }
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE awaiting_engine = 1"));
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM test_results"));
    }

    [Fact]
    public async Task ABackupTakenWhileSubmissionsAreJudgedIsConsistent()
    {
        using var factory = new ApugFactory(challenges, data);
        var database = factory.Services.GetRequiredService<Database>();
        var team = await factory.CreateTeamClientAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "sum", source = i % 2 == 0 ? SlowSum : Sum });
            ids.Add((await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id);
        }

        var backups = new List<(string Path, long JudgedAtBackup)>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            long judgedNow;
            await using (var source = await database.OpenAsync())
            {
                judgedNow = await source.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE status = 'judged'");
                var path = Path.Combine(data, $"backup-{backups.Count}.db");
                await using var destination = new SqliteConnection($"Data Source={path};Pooling=False");
                await destination.OpenAsync();
                ((SqliteConnection)source).BackupDatabase(destination);
                backups.Add((path, judgedNow));
            }
            if (judgedNow == ids.Count) break;
            Assert.True(DateTime.UtcNow < deadline, "the submissions were not judged in time");
            await Task.Delay(200);
        }
        Assert.Contains(backups, b => b.JudgedAtBackup > 0 && b.JudgedAtBackup < ids.Count); // some taken mid-load

        foreach (var (path, judgedBefore) in backups)
        {
            await using var copy = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await copy.OpenAsync();
            Assert.Equal("ok", await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            var rows = (await copy.QueryAsync<(string Status, string? Verdict, long Tests)>("""
                SELECT s.status, s.verdict, (SELECT COUNT(*) FROM test_results t WHERE t.submission_id = s.id) FROM submissions s
                """)).ToList();
            Assert.Equal(ids.Count, rows.Count);
            Assert.True(rows.Count(r => r.Status == "judged") >= judgedBefore);
            // A judged submission has all its test results; one not yet judged has none: never half of a judging.
            Assert.All(rows, r => Assert.Equal(r.Status == "judged" ? ("AC", 3L) : (null, 0L), (r.Verdict, r.Tests)));
        }
    }
}
