using System.Diagnostics;
using System.Net.Http.Json;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Apug.Tests.Infrastructure;
using static Apug.Tests.ScaleOut.Instances;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.ScaleOut;

/// <summary>Leases follow PostgreSQL's clock: instances on machines whose clocks disagree never both own a submission.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class LeaseClockTests(ScaleOutServers servers)
{
    /// <summary>This machine's clock, off by an offset (a VM whose NTP is broken).</summary>
    private sealed class SkewedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    private static ApugFactory Instance(Dictionary<string, string?> shared, string id, TimeSpan skew) =>
        new(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = id }))
        {
            TestServices = services => services.AddSingleton<TimeProvider>(new SkewedClock(skew)),
        };

    [Fact]
    public async Task AnInstanceWhoseClockRunsAheadTakesOverAClaimOnlyWhenItsLeaseRunsOutByTheDatabasesClock()
    {
        const int lease = 10;
        var shared = ApugFactory.With(await servers.PostgresSettingsAsync(),
            new Dictionary<string, string?> { ["Apug:Database:LeaseSeconds"] = $"{lease}", ["Apug:Database:PollSeconds"] = "0.2" });
        // A's clock is ten minutes slow, B's ten minutes fast: by their own clocks A's claim expired long ago.
        using var a = Instance(shared, "slow-a", TimeSpan.FromMinutes(-10));
        var team = await a.CreateTeamClientAsync("Skewed Pugs");
        await StopJudgingAsync(a);
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print(f'Hello, {input().strip()}!')\n" });
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
        var sinceClaim = Stopwatch.StartNew();
        // Claimed as A's worker would, with A's clock; A stops renewing it (nothing is judging it), so it lapses after the lease.
        Assert.NotNull(await a.Services.GetRequiredService<SubmissionStore>().ClaimAsync(id, a.Services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None));
        await using var connection = await a.Services.GetRequiredService<Database>().OpenAsync();
        var left = await connection.ExecuteScalarAsync<double>(
            "SELECT EXTRACT(EPOCH FROM lease_until::timestamptz - now()) FROM submissions WHERE id = @id", new { id = id.ToString() });
        Assert.InRange(left, lease - 3, lease); // written by the database's clock, not A's (which would be ten minutes gone)
        var claimedByA = await connection.ExecuteScalarAsync<string>("SELECT lease_until FROM submissions WHERE id = @id", new { id = id.ToString() });

        using var b = Instance(shared, "fast-b", TimeSpan.FromMinutes(10));
        _ = b.Server; // polling every 0.2 s
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? claimedBy;
        while ((claimedBy = await connection.ExecuteScalarAsync<string>("SELECT claimed_by FROM submissions WHERE id = @id", new { id = id.ToString() })) == "slow-a")
        {
            Assert.True(DateTime.UtcNow < deadline, "B never took over the lapsed claim");
            await Task.Delay(50);
        }
        var tookOver = sinceClaim.Elapsed;
        Assert.True(tookOver >= TimeSpan.FromSeconds(lease - 0.5), $"B took A's claim {tookOver.TotalSeconds:F1} s after it was made, before its {lease} s lease ran out");
        // B's claim too is by the database's clock: it started no earlier than A's lease ended.
        var judged = await connection.QuerySingleAsync<(string Status, string? LeaseUntil)>(
            "SELECT status, lease_until AS LeaseUntil FROM submissions WHERE id = @id", new { id = id.ToString() });
        if (judged.LeaseUntil is { } bLease)
            Assert.True(DbTime.Parse(bLease).AddSeconds(-lease) >= DbTime.Parse(claimedByA!).AddSeconds(-0.01), $"B's claim ({bLease}) began before A's lease ended ({claimedByA})");
        var result = await ApugFactory.WaitJudgedAsync(team, id, TimeSpan.FromSeconds(60), "B did not judge the submission it took over");
        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal("fast-b", claimedBy);
    }
}
