using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Realtime;

public sealed class ResyncTests : IDisposable
{
    private readonly ApugFactory factory = new();

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    [Fact]
    public async Task AClientThatMissedADeltaAsksForASnapshotAndEndsUpWithTheServersBoard()
    {
        var (_, idA, _) = await factory.RegisterAsync("Alpacas");
        var (_, idB, _) = await factory.RegisterAsync("Beagles");
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null, followBoard: true);
        var first = await projector.WaitForAsync<LeaderboardSnapshot>();

        projector.DropNextDelta = true;
        await factory.Leaderboard().SetTeamHiddenAsync(idB, hidden: true);
        var hiddenBoard = await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        await factory.Leaderboard().SetTeamHiddenAsync(idB, hidden: false);
        var resynced = await projector.WaitForAsync<LeaderboardSnapshot>(s => s.Version > first.Version);

        var server = await factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        Assert.Equal([idA], hiddenBoard!.Rows.Select(r => r.TeamId));
        Assert.Equal(first.Version + 2, resynced.Version);
        Assert.Equal(server!.Version, projector.BoardVersion);
        Assert.Equal(server.Rows.Count, resynced.Rows.Count);
        Assert.All(server.Rows.Zip(resynced.Rows), pair => Assert.True(pair.First.SameAs(pair.Second)));
        Assert.Equal([idA, idB], resynced.Rows.Select(r => r.TeamId));
    }

    [Fact]
    public async Task TheContestEndpointDescribesThePracticeAndThePublicUrl()
    {
        using var configured = new ApugFactory(settings: new Dictionary<string, string?> { ["Apug:PublicUrl"] = "https://judge.example.org/" });

        var practice = await factory.CreateClient().GetFromJsonAsync<ContestView>("/api/contest", Json.Options);
        var withUrl = await configured.CreateClient().GetFromJsonAsync<ContestView>("/api/contest", Json.Options);
        configured.DeleteData();

        Assert.Equal(("practice", null, (string?)null), (practice!.Phase, practice.StartsAt, practice.PublicUrl));
        Assert.Equal([("hello-pug", "A"), ("pizza-slices", "B")], practice.Problems.Select(p => (p.Id, p.Label)));
        Assert.Equal("https://judge.example.org/", withUrl!.PublicUrl);
    }
}
