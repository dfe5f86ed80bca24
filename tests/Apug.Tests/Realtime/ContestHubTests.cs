using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Server.Judging;
using Apug.Server.Realtime;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Realtime;

/// <summary>Real server, real SignalR clients (two teams and an anonymous projector), real Docker judging.</summary>
[Collection(DockerCollection.Name)]
public sealed class ContestHubTests : IDisposable
{
    private const string SumSolution = "a, b = map(int, input().split())\nprint(a + b)\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private readonly ApugFactory factory;

    public ContestHubTests()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        factory = new ApugFactory(challenges);
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    [Fact]
    public async Task EachTeamHearsOnlyItsOwnSubmissionsAndTheProjectorOnlyThePublicBoard()
    {
        var (teamA, idA, _) = await factory.RegisterAsync("Alpacas");
        var (teamB, idB, _) = await factory.RegisterAsync("Beagles");
        await using var a = await HubRecorder.ConnectAsync(factory, teamA);
        await using var b = await HubRecorder.ConnectAsync(factory, teamB);
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);
        foreach (var client in new[] { a, b, projector })
        {
            Assert.Equal("practice", (await client.WaitForAsync<ContestStateView>()).Phase);
            await client.WaitForAsync<LeaderboardSnapshot>();
        }

        var accepted = await factory.SubmitAndWaitAsync(teamA, "sum", SumSolution);
        var solvedDelta = await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == idA && r.Solved == 1));
        var first = await projector.WaitForAsync<FirstSolve>();
        var rejected = await factory.SubmitAndWaitAsync(teamB, "sum", "print(0)\n");
        var rejectedDelta = await projector.WaitForAsync<LeaderboardDelta>(d => d.Rows.Any(r => r.TeamId == idB && r.Cells[0].Attempts == 1));
        // Events reach a connection in the order they were sent, and B's result was sent before this delta: if A were
        // to get any of B's events, it would have them by now.
        await a.WaitForAsync<LeaderboardDelta>(d => d.Version == rejectedDelta.Version);
        await b.WaitForAsync<SubmissionJudgedView>();

        Assert.Equal((Verdict.AC, Verdict.WA), (accepted.Verdict, rejected.Verdict));
        Assert.Equal(new FirstSolve("sum", "A", idA, "Alpacas", null), first);
        Assert.Single(projector.Of<FirstSolve>());
        Assert.Empty(projector.TeamEvents);

        Assert.Equal([accepted.Id], a.Of<SubmissionQueuedView>().Select(e => e.SubmissionId));
        Assert.Equal([(accepted.Id, 0, "sample/1", Verdict.AC, 2), (accepted.Id, 1, "secret/01", Verdict.AC, 2)],
            a.Of<TestFinishedView>().Select(e => (e.SubmissionId, e.Ordinal, e.Name, e.Verdict, e.TestCount)));
        Assert.Equal([(accepted.Id, Verdict.AC)], a.Of<SubmissionJudgedView>().Select(e => (e.SubmissionId, e.Verdict)));
        Assert.All(b.TeamEvents, e => Assert.Equal(rejected.Id, SubmissionIdOf(e)));
        Assert.Equal([(rejected.Id, Verdict.WA)], b.Of<SubmissionJudgedView>().Select(e => (e.SubmissionId, e.Verdict)));
        Assert.Contains("Wrong answer", b.Of<TestFinishedView>().Single().Message);

        // Every client got the same public board, version after version.
        foreach (var client in new[] { a, b, projector })
        {
            var snapshot = client.Of<LeaderboardSnapshot>().Single();
            var versions = client.Of<LeaderboardDelta>().Select(d => (d.PreviousVersion, d.Version)).ToList();
            Assert.Equal(snapshot.Version, versions[0].PreviousVersion);
            Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.Equal(pair.First.Version, pair.Second.PreviousVersion));
            Assert.Contains(solvedDelta.Version, versions.Select(v => v.Version));
        }
        var board = await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        Assert.Equal(rejectedDelta.Version, board!.Version);
        Assert.Equal([(idA, 1, 1), (idB, 2, 0)], board.Rows.Select(r => (r.TeamId, r.Rank, r.Solved)));
    }

    [Fact]
    public async Task AConnectionWithAnInvalidTeamTokenIsRefusedRatherThanSilentlyAnonymous()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => HubRecorder.ConnectAsync(factory, "not-a-token"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private static Guid SubmissionIdOf(object teamEvent) => teamEvent switch
    {
        SubmissionQueuedView e => e.SubmissionId,
        TestFinishedView e => e.SubmissionId,
        SubmissionJudgedView e => e.SubmissionId,
        _ => throw new ArgumentException(teamEvent.GetType().Name),
    };
}
