using Apug.Server.Judging;
using Apug.Server.Realtime;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Realtime;

/// <summary>The admin token on the hub puts a connection in the admin group: every team's submissions, live.</summary>
[Collection(DockerCollection.Name)]
public sealed class AdminHubTests : IDisposable
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private readonly ApugFactory factory;

    public AdminHubTests()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        factory = new ApugFactory(challenges, settings: AdminClient.Settings);
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    [Fact]
    public async Task TheAdminConnectionHearsEveryTeamsSubmissionFromQueuedToJudgedAndTeamsAndTheProjectorDoNot()
    {
        var (teamA, idA, _) = await factory.RegisterAsync("Alpacas");
        var (teamB, _, _) = await factory.RegisterAsync("Beagles");
        await using var admin = await HubRecorder.ConnectAsync(factory, AdminClient.Token);
        await using var b = await HubRecorder.ConnectAsync(factory, teamB);
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);

        var judged = await factory.SubmitAndWaitAsync(teamA, "sum", "a, b = map(int, input().split())\nprint(a + b)\n");
        var last = await admin.WaitForAsync<AdminSubmissionView>(e => e.Status == "judged");
        Assert.Equal((judged.Id, idA, "sum", Verdict.AC), (last.SubmissionId, last.TeamId, last.ChallengeId, last.Verdict));
        var seen = admin.Of<AdminSubmissionView>().Where(e => e.SubmissionId == judged.Id).ToList();
        Assert.Equal("queued", seen[0].Status);
        Assert.Equal([0, 1], seen.Where(e => e.Ordinal is not null).Select(e => e.Ordinal!.Value));
        Assert.All(seen.Where(e => e.Status == "running"), e => Assert.Equal(2, e.TestCount));
        // The admin connection is no team: it gets no team events.
        Assert.Empty(admin.Of<SubmissionJudgedView>());

        // Another team and the projector never hear of it.
        await b.WaitForAsync<Apug.Server.Contest.LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == idA && r.Solved == 1));
        await projector.WaitForAsync<Apug.Server.Contest.LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == idA && r.Solved == 1));
        Assert.Empty(b.Of<AdminSubmissionView>());
        Assert.Empty(projector.Of<AdminSubmissionView>());
    }

    [Fact]
    public async Task AWrongAdminTokenOnTheHubIsRefused()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubRecorder.ConnectAsync(factory, "not-the-admin-token"));
        Assert.Contains("401", error.Message);
    }
}
