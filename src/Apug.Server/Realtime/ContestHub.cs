using Apug.Server.Admin;
using Apug.Server.Contest;
using Apug.Server.Data;
using Apug.Server.Teams;
using Microsoft.AspNetCore.SignalR;

namespace Apug.Server.Realtime;

/// <summary>
/// /hubs/contest. Anyone may listen (the projector, spectators); a connection carrying a valid team token also joins
/// its team's group and gets that team's submission progress, and nobody else's.
/// </summary>
public sealed class ContestHub(Leaderboard leaderboard, ContestClock clock, InstanceIdentity instance) : Hub<IContestClient>
{
    public const string Path = "/hubs/contest";

    public override async Task OnConnectedAsync()
    {
        // An invalid token never gets here: MapRealtime answers it with 401.
        if (Context.User is { Identity.IsAuthenticated: true } user)
        {
            if (user.IsInRole(AdminAuthentication.Role)) await Groups.AddToGroupAsync(Context.ConnectionId, ContestGroups.Admin);
            else await Groups.AddToGroupAsync(Context.ConnectionId, ContestGroups.Team(user.TeamId()));
        }
        // Joined before the snapshot is read: a change after the read arrives as a delta and nothing falls between.
        await Groups.AddToGroupAsync(Context.ConnectionId, ContestGroups.Public);
        await Groups.AddToGroupAsync(Context.ConnectionId, ContestGroups.Board(instance.Id));
        await clock.EnsureLoadedAsync(Context.ConnectionAborted);
        await Clients.Caller.ContestState(clock.View());
        await Clients.Caller.Leaderboard(await leaderboard.SnapshotAsync(Context.ConnectionAborted));
        await base.OnConnectedAsync();
    }

    /// <summary>A client that missed a delta (its version is not the delta's previousVersion) asks for the whole board.</summary>
    public async Task RequestSnapshot() =>
        await Clients.Caller.Leaderboard(await leaderboard.SnapshotAsync(Context.ConnectionAborted));
}
