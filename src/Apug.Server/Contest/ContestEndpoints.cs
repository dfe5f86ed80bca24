using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Apug.Server.Contest;

public static class ContestEndpoints
{
    public static RouteGroupBuilder MapContest(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Contest");
        group.MapGet("/contest", async (ContestClock clock, IOptions<ContestOptions> options, IServer server, CancellationToken cancellationToken) =>
        {
            await clock.EnsureLoadedAsync(cancellationToken);
            var state = clock.View();
            var problems = clock.Problems.Select(p => new ContestProblemView(p.Id, p.Label, p.Name, p.Colour, p.Points)).ToList();
            var publicUrl = string.IsNullOrWhiteSpace(options.Value.PublicUrl) ? null : options.Value.PublicUrl;
            var join = publicUrl is null ? JoinAddresses.Suggest(server) : new JoinAddresses.Suggestion([], false);
            return TypedResults.Ok(new ContestView(state.Name, state.Phase, state.StartsAt, state.EndsAt, state.FreezesAt, state.Now,
                problems, publicUrl, join.LanUrls, join.LoopbackOnly));
        });
        group.MapGet("/leaderboard", async (Leaderboard leaderboard, CancellationToken cancellationToken) =>
            TypedResults.Ok(await leaderboard.SnapshotAsync(cancellationToken)));
        return group;
    }
}
