using System.Net.Http.Json;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Apug.Tests.Infrastructure;
using static Apug.Tests.ScaleOut.Instances;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.ScaleOut;

/// <summary>Recovery at start on PostgreSQL: an instance takes back its own interrupted claims, never a live instance's.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class PostgresRecoveryTests(ScaleOutServers servers)
{
    private static Dictionary<string, string?> As(Dictionary<string, string?> shared, string instance) =>
        ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = instance, ["Apug:Database:PollSeconds"] = "0.2" });

    private static async Task<(string Status, string? ClaimedBy)> RowAsync(ApugFactory factory, Guid id)
    {
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<(string, string?)>("SELECT status, claimed_by FROM submissions WHERE id = @id", new { id = id.ToString() });
    }

    [Fact]
    public async Task AStartingInstanceLeavesALiveInstancesClaimAloneAndARestartedOneTakesItsOwnBack()
    {
        var shared = await servers.PostgresSettingsAsync();
        Guid id;
        using (var a = new ApugFactory(settings: As(shared, "instance-a")))
        {
            var team = await a.CreateTeamClientAsync("Claimed Pugs");
            await StopJudgingAsync(a);
            var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print('Hello, ' + input().strip() + '!')\n" });
            id = (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
            // A is judging it (and renewing its lease): claimed as A's worker would.
            Assert.NotNull(await a.Services.GetRequiredService<SubmissionStore>().ClaimAsync(id, DateTimeOffset.UtcNow, CancellationToken.None));

            using var b = new ApugFactory(settings: As(shared, "instance-b"));
            _ = b.Server; // started: B has recovered (before its host's start returns) and polls the shared queue
            await Task.Delay(TimeSpan.FromSeconds(2)); // ten polls of B's
            Assert.Equal(("running", "instance-a"), await RowAsync(b, id));
        }

        // A comes back under its own name: its interrupted claim is queued again at once (no 30 s lease wait) and judged.
        using var restarted = new ApugFactory(settings: As(shared, "instance-a"));
        _ = restarted.Server;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await RowAsync(restarted, id)).Status != "judged")
        {
            Assert.True(DateTime.UtcNow < deadline, "the restarted instance did not judge its own interrupted submission");
            await Task.Delay(100);
        }
        var judged = await restarted.Services.GetRequiredService<SubmissionStore>().FindAsync(id, CancellationToken.None);
        Assert.Equal(Verdict.AC, judged!.Verdict);
    }
}
