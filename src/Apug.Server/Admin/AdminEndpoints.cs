using Apug.Server.Challenges;
using Apug.Server.Contest;
using Apug.Server.Realtime;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Admin;

/// <summary>Organiser endpoints under /api/admin: every one needs the admin token.</summary>
public static class AdminEndpoints
{
    public sealed record ChallengeView(
        string Id, string Name, ProblemType Type, string ContentHash, int TestCount, double TimeLimitSeconds, TimeLimitSource TimeLimitSource,
        IReadOnlyList<string> ExampleSubmissions)
    {
        /// <summary>Every limit with where it came from ("problem.yaml", ".timelimit", "default").</summary>
        public IReadOnlyList<LimitView> Limits { get; init; } = [];
        public string Format { get; init; } = "";
        public IReadOnlyList<string> Warnings { get; init; } = [];
        public string? NotJudgedReason { get; init; }
    }

    public sealed record LimitView(string Name, string Value, string Source);

    public sealed record BrokenChallengeView(string Id, string Directory, string? LiveVersionHash, IReadOnlyList<string> Problems);

    public sealed record CatalogView(DateTimeOffset LoadedAt, IReadOnlyList<ChallengeView> Challenges, IReadOnlyList<BrokenChallengeView> Problems);

    public sealed record RenameTeam(
        [property: Text(TeamEndpoints.MaxNameLength, ErrorMessage = "A team name has 1 to {0} characters and no control characters.")] string? Name);

    public sealed record Disqualify(
        [property: Text(200, AllowControlCharacters = true, ErrorMessage = "Give a reason of 1 to {0} characters; it is kept with the results.")] string? Reason);

    public sealed record PostAnnouncement(
        [property: Text(MaxAnnouncementLength, AllowControlCharacters = true, ErrorMessage = "An announcement has 1 to {0} characters.")] string? Message);

    public const int MaxAnnouncementLength = 500;

    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminAuthentication.PolicyName);
        group.MapGet("/challenges", (ChallengeCatalog catalog) => TypedResults.Ok(Catalog(catalog.Current)));
        group.MapPost("/challenges/reload", (ChallengeCatalog catalog) => TypedResults.Ok(Catalog(catalog.Reload())));
        group.MapGet("/teams", async (AdminStore store, CancellationToken cancellationToken) => TypedResults.Ok(await store.TeamsAsync(cancellationToken)));
        group.MapPost("/teams/{id:guid}/rename", RenameAsync).WithJsonBody<RenameTeam>(4096);
        group.MapPost("/teams/{id:guid}/disqualify", DisqualifyAsync).WithJsonBody<Disqualify>(4096);
        group.MapPost("/teams/{id:guid}/reinstate", ReinstateAsync);
        group.MapGet("/announcements", async (AdminStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok(await store.AnnouncementsAsync(cancellationToken)));
        group.MapPost("/announcements", AnnounceAsync).WithJsonBody<PostAnnouncement>(16 * 1024);
        group.MapPost("/teams/{id:guid}/hide", (Guid id, AdminStore store, Leaderboard board, CancellationToken ct) => SetHiddenAsync(id, true, store, board, ct));
        group.MapPost("/teams/{id:guid}/unhide", (Guid id, AdminStore store, Leaderboard board, CancellationToken ct) => SetHiddenAsync(id, false, store, board, ct));
        group.MapAdminSubmissions();
        group.MapAdminContest();
        group.MapAdminExports();
        return group;
    }

    /// <summary>Public: what organisers announced, newest first (the projector and participant pages show them).</summary>
    public static RouteHandlerBuilder MapAnnouncements(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/announcements", async (AdminStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.AnnouncementsAsync(cancellationToken)).Select(a => new { a.Message, a.At }).ToList()))
            .WithTags("Announcements");

    private static CatalogView Catalog(CatalogSnapshot snapshot) => new(
        snapshot.LoadedAt,
        snapshot.All.Select(p => new ChallengeView(p.Id, p.Name, p.Type, p.ContentHash, p.Tests.Count, p.Limits.TimeLimit.TotalSeconds,
            p.Limits.TimeLimitSource, p.ExampleSubmissions.Select(s => $"{s.Folder}/{Path.GetFileName(s.Path)}").ToList())
        {
            Limits = LimitSources.Describe(p.Limits).Select(l => new LimitView(l.Name, l.Value, l.Source)).ToList(),
            Format = PackageFormats.Describe(p.Format),
            Warnings = p.Warnings.Select(w => w.ToString()).ToList(),
            NotJudgedReason = p.NotJudgedReason,
        }).ToList(),
        snapshot.Broken.Select(b => new BrokenChallengeView(b.Id, b.Directory, b.LiveVersionHash, b.Errors.Select(p => p.ToString()).ToList())).ToList());

    private static async Task<Results<Ok<AdminTeam>, ProblemHttpResult>> RenameAsync(
        Guid id, JsonBody<RenameTeam> body, AdminStore store, Leaderboard board, CancellationToken cancellationToken)
    {
        var name = body.Value.Name!.Trim();
        return await store.RenameTeamAsync(id, name, cancellationToken) switch
        {
            AdminStore.RenameResult.Renamed => await RebuiltAsync(id, store, board, cancellationToken),
            AdminStore.RenameResult.NameTaken => ApiProblems.Create(StatusCodes.Status409Conflict, "Name taken", $"Another team is already called '{name}'."),
            AdminStore.RenameResult.NotFound => ApiProblems.NotFound($"There is no team '{id}'."),
        };
    }

    private static async Task<Results<Ok<AdminTeam>, ProblemHttpResult>> DisqualifyAsync(
        Guid id, JsonBody<Disqualify> body, AdminStore store, Leaderboard board, TimeProvider clock, CancellationToken cancellationToken)
    {
        var reason = body.Value.Reason!.Trim();
        if (!await store.SetDisqualifiedAsync(id, reason, clock.GetUtcNow(), cancellationToken)) return ApiProblems.NotFound($"There is no team '{id}'.");
        // A disqualified team leaves the public board (hidden); reinstating shows it again.
        await board.SetTeamHiddenAsync(id, true, cancellationToken);
        return TypedResults.Ok((await store.TeamsAsync(cancellationToken)).Single(t => t.Id == id));
    }

    private static async Task<Results<Ok<AdminTeam>, ProblemHttpResult>> ReinstateAsync(
        Guid id, AdminStore store, Leaderboard board, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await store.SetDisqualifiedAsync(id, null, clock.GetUtcNow(), cancellationToken)) return ApiProblems.NotFound($"There is no team '{id}'.");
        return await SetHiddenAsync(id, false, store, board, cancellationToken);
    }

    /// <summary>Hidden teams still submit and see their results; the public board (and its broadcast) leaves them out.</summary>
    private static async Task<Results<Ok<AdminTeam>, ProblemHttpResult>> SetHiddenAsync(
        Guid id, bool hidden, AdminStore store, Leaderboard board, CancellationToken cancellationToken)
    {
        if (!await board.SetTeamHiddenAsync(id, hidden, cancellationToken)) return ApiProblems.NotFound($"There is no team '{id}'.");
        return TypedResults.Ok((await store.TeamsAsync(cancellationToken)).Single(t => t.Id == id));
    }

    private static async Task<Ok<AdminTeam>> RebuiltAsync(Guid id, AdminStore store, Leaderboard board, CancellationToken cancellationToken)
    {
        await board.RebuildAsync(cancellationToken); // the board caches team names
        return TypedResults.Ok((await store.TeamsAsync(cancellationToken)).Single(t => t.Id == id));
    }

    private static async Task<Created<Announcement>> AnnounceAsync(
        JsonBody<PostAnnouncement> body, AdminStore store, ContestBridge bridge, TimeProvider clock, CancellationToken cancellationToken)
    {
        var message = body.Value.Message!.Trim();
        var announcement = await store.AddAnnouncementAsync(message, clock.GetUtcNow(), cancellationToken);
        bridge.Announce(message); // stored first: a page that reconnects finds it in GET /api/announcements
        return TypedResults.Created("/api/announcements", announcement);
    }
}
