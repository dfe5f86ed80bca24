using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Apug.Tests.Infrastructure;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apug.Tests.Judging;

[Collection(DockerCollection.Name)]
public sealed class RestartRecoveryTests : IDisposable
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private readonly string data = Directory.CreateTempSubdirectory("apug-data-").FullName;

    public RestartRecoveryTests() =>
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();

    public void Dispose()
    {
        Directory.Delete(challenges, recursive: true);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task QueuedAndInterruptedSubmissionsAreJudgedExactlyOnceAfterARestart()
    {
        Guid queuedId = Guid.NewGuid(), runningId = Guid.NewGuid();
        using (var before = new ApugFactory(challenges, data))
        {
            // As if the server died after storing one submission and while judging another.
            var team = await before.CreateTeamClientAsync("Survivors");
            var teamId = (await team.GetFromJsonAsync<TeamIdOnly[]>("/api/submissions")) is not null
                ? await TeamIdAsync(before) : Guid.Empty;
            var store = before.Services.GetRequiredService<SubmissionStore>();
            var hash = before.Services.GetRequiredService<Apug.Server.Challenges.ChallengeCatalog>().Find("sum")!.ContentHash;
            foreach (var id in new[] { queuedId, runningId })
            {
                await store.InsertAsync(new Submission(id, teamId, "sum", hash, "a, b = map(int, input().split())\nprint(a + b)\n",
                    SubmissionStatus.Queued, null, null, null, DateTimeOffset.UtcNow, null, null), CancellationToken.None);
            }
            Assert.NotNull(await store.ClaimAsync(runningId, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        var judged = new List<Guid>();
        var bothJudged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(SubmissionEvent e)
        {
            if (e is not SubmissionJudged) return;
            lock (judged)
            {
                judged.Add(e.SubmissionId);
                if (judged.Contains(queuedId) && judged.Contains(runningId)) bothJudged.TrySetResult();
            }
        }
        // Subscribed as the events are created: recovery runs as the host starts, and judging can finish before the
        // host's start returns (it did on a loaded machine), so a subscription made afterwards would miss both.
        using var after = new ApugFactory(challenges, data)
        {
            TestServices = services => services.AddSingleton(sp =>
            {
                var events = new SubmissionEvents(sp.GetRequiredService<ILogger<SubmissionEvents>>());
                events.Subscribe(OnEvent);
                return events;
            }),
        };
        _ = after.Server; // starting the host starts the worker, which recovers pending submissions
        await bothJudged.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(500); // a duplicate judging would show up here

        await using var connection = await after.Services.GetRequiredService<Database>().OpenAsync();
        var rows = (await connection.QueryAsync<(string Id, string Status, string Verdict)>(
            "SELECT id, status, verdict FROM submissions ORDER BY id")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("judged", "AC"), (r.Status, r.Verdict)));
        var tests = await connection.QueryAsync<(string SubmissionId, long Count)>(
            "SELECT submission_id, COUNT(*) FROM test_results GROUP BY submission_id");
        Assert.All(tests, t => Assert.Equal(2, t.Count));
        lock (judged) Assert.Equal(2, judged.Count);
    }

    private sealed record TeamIdOnly(Guid Id);

    private static async Task<Guid> TeamIdAsync(ApugFactory factory)
    {
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        return Guid.Parse(await connection.ExecuteScalarAsync<string>("SELECT id FROM teams") ?? throw new InvalidOperationException());
    }
}
