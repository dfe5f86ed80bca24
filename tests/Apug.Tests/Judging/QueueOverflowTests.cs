using System.Net.Http.Json;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static Apug.Tests.ScaleOut.Instances;

namespace Apug.Tests.Judging;

/// <summary>
/// The in-memory judge queue is a hint, the database the truth: with more submissions than Apug:QueueCapacity, a POST
/// never waits for room, a restart with more pending than fits never hangs, and every submission is judged, oldest first.
/// </summary>
[Collection(DockerCollection.Name)]
public class QueueOverflowTests
{
    private readonly Dictionary<string, string?> database;

    public QueueOverflowTests() : this([]) { }

    protected QueueOverflowTests(Dictionary<string, string?> database) => this.database = database;

    private const string Greeter = "print(f'Hello, {input().strip()}!')\n";

    [Fact]
    public async Task MoreSubmissionsThanTheQueueHoldsAreAcceptedAtOnceAndAllJudgedOldestFirst()
    {
        var settings = ApugFactory.With(database, new Dictionary<string, string?> { ["Apug:QueueCapacity"] = "2", ["Apug:Workers"] = "1" });
        using var first = new ApugFactory(settings: settings);
        try
        {
            var team = await first.CreateTeamClientAsync("Overflowing Pugs");
            await StopJudgingAsync(first); // nothing takes from the queue: it is full after two
            var ids = new List<Guid>();
            for (var i = 0; i < 7; i++) ids.Add(await SubmitAsync(team));
            Assert.Equal(2, first.Services.GetRequiredService<JudgeQueue>().Count);

            // The same server after a restart: seven pending for a queue of two; then five more while it judges.
            var token = team.DefaultRequestHeaders.Authorization;
            await first.DisposeAsync();
            using var restarted = new ApugFactory(dataDirectory: first.DataDirectory, settings: settings);
            var again = restarted.CreateClient();
            again.DefaultRequestHeaders.Authorization = token;
            for (var i = 0; i < 5; i++) ids.Add(await SubmitAsync(again));

            await using var connection = await restarted.Services.GetRequiredService<Database>().OpenAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(240);
            while (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE status = 'judged'") < ids.Count)
            {
                Assert.True(DateTime.UtcNow < deadline, "not every submission was judged: " +
                    string.Join(", ", await connection.QueryAsync<string>("SELECT status FROM submissions")));
                await Task.Delay(200);
            }
            var judged = (await connection.QueryAsync<(string Id, string Verdict)>(
                "SELECT id, verdict FROM submissions ORDER BY judged_at")).ToList();
            Assert.All(judged, j => Assert.Equal("AC", j.Verdict));
            // One worker, oldest first: the seven from before the restart, then the five after, each in posting order.
            Assert.Equal(ids.Select(i => i.ToString()), judged.Select(j => j.Id));
        }
        finally
        {
            first.DeleteData();
        }
    }

    private static async Task<Guid> SubmitAsync(HttpClient team)
    {
        // A blocked POST would hang here: the old queue waited for room.
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = Greeter }).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
    }
}

/// <summary>The same against PostgreSQL, where the queue only wakes the workers and they claim from the database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class QueueOverflowTestsOnPostgres(ScaleOutServers servers) : QueueOverflowTests(servers.Postgres());
