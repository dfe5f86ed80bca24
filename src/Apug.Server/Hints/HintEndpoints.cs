using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Apug.Server.Admin;
using Apug.Server.Challenges;
using Apug.Server.Realtime;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Hints;

/// <summary>A released hint as a team sees it: Cost is what opening it costs now; Html only once the team opened it.</summary>
public sealed record HintView(string ChallengeId, int Number, double Cost, DateTimeOffset ReleasedAt, bool Opened, double? PaidCost, string? Html);

/// <summary>Hub, public: a hint came out (the page then lists it under its challenge's statement).</summary>
public sealed record HintReleasedView(string ChallengeId, int Number, double Cost, DateTimeOffset ReleasedAt);

/// <summary>What organisers see: the text, the settings, when it comes or came out, and how many teams opened it.</summary>
public sealed record AdminHintView(
    string ChallengeId, int Number, string Markdown, string Html, double Cost, int? ReleaseMinute, DateTimeOffset? ReleasesAt,
    DateTimeOffset? ReleasedAt, HintOrigin Origin, int OpenedBy)
{
    public bool Released => ReleasedAt is not null;
}

public static class HintEndpoints
{
    public sealed record OpenHint(bool? AcceptCost);

    /// <param name="ChallengeId">On POST only; PUT names it in the path.</param>
    public sealed record SaveHint(
        string? ChallengeId,
        [property: Text(HintReader.MaxMarkdownLength, AllowControlCharacters = true, MeasureUntrimmed = true,
            ErrorMessage = "Write the hint in Markdown: 1 to {0} characters.")]
        string? Markdown,
        [property: Range(0, MaxCost, ErrorMessage = "A cost is 0 to {2} points (0: free).")] double? Cost,
        [property: Range(0, 24 * 60, ErrorMessage = "The release minute counts from the contest's start: 0 to 1440, or leave it out to release by hand.")]
        int? ReleaseMinute);

    public const double MaxCost = 10_000;

    public static IServiceCollection AddHints(this IServiceCollection services)
    {
        services.AddSingleton<HintStore>();
        services.AddSingleton<HintBook>();
        services.AddHostedService<HintTicker>();
        return services;
    }

    public static IEndpointRouteBuilder MapHints(this IEndpointRouteBuilder routes)
    {
        var team = routes.MapGroup("/api/hints").WithTags("Hints").RequireAuthorization();
        team.MapGet("/", ListAsync);
        team.MapPost("/{challengeId}/{number:int}/open", OpenAsync).WithJsonBody<OpenHint>(1024, optional: true);

        var admin = routes.MapGroup("/api/admin/hints").WithTags("Admin").RequireAuthorization(AdminAuthentication.PolicyName);
        admin.MapGet("/", async (HintBook book, HintStore store, CancellationToken ct) =>
        {
            var openings = await store.OpeningsAsync(null, ct);
            return TypedResults.Ok((await book.AllAsync(ct))
                .Select(h => book.AdminView(h, openings.Count(o => o.ChallengeId == h.ChallengeId && o.Number == h.Number))).ToList());
        });
        admin.MapPost("/", (JsonBody<SaveHint> body, HintBook book, ChallengeCatalog catalog, CancellationToken ct) => SaveAsync(null, null, body.Value, book, catalog, ct))
            .WithJsonBody<SaveHint>(64 * 1024);
        admin.MapPut("/{challengeId}/{number:int}", (string challengeId, int number, JsonBody<SaveHint> body, HintBook book, ChallengeCatalog catalog, CancellationToken ct) =>
            SaveAsync(challengeId, number, body.Value, book, catalog, ct)).WithJsonBody<SaveHint>(64 * 1024);
        admin.MapPost("/{challengeId}/{number:int}/release", ReleaseAsync);
        return routes;
    }

    private static async Task<Ok<List<HintView>>> ListAsync(ClaimsPrincipal user, HintBook book, HintStore store, CancellationToken cancellationToken)
    {
        var opened = (await store.OpeningsAsync(user.TeamId(), cancellationToken)).ToDictionary(o => (o.ChallengeId, o.Number));
        return TypedResults.Ok((await book.AllAsync(cancellationToken)).Where(h => h.Released && book.InContest(h.ChallengeId))
            .Select(h => View(book, h, opened.TryGetValue((h.ChallengeId, h.Number), out var o) ? o.Cost : null)).ToList());
    }

    private static HintView View(HintBook book, Hint hint, double? paid) =>
        new(hint.ChallengeId, hint.Number, book.CostNow(hint), hint.ReleasedAt!.Value, paid is not null, paid, paid is null ? null : book.Html(hint));

    private static async Task<Results<Ok<HintView>, ProblemHttpResult>> OpenAsync(
        string challengeId, int number, JsonBody<OpenHint> body, ClaimsPrincipal user, HintBook book, ContestBridge bridge, CancellationToken cancellationToken)
    {
        var acceptCost = body.ValueOrNull?.AcceptCost == true;
        var (result, hint, cost) = await book.OpenAsync(user.TeamId(), challengeId, number, acceptCost, cancellationToken);
        if (result == HintBook.OpenResult.Opened) bridge.HintOpened(user.TeamId(), View(book, hint!, cost));
        return result switch
        {
            HintBook.OpenResult.Opened or HintBook.OpenResult.AlreadyOpened => TypedResults.Ok(View(book, hint!, cost)),
            HintBook.OpenResult.NotFound => ApiProblems.NotFound($"'{challengeId}' has no hint {number}. GET /api/hints lists the hints that are out."),
            HintBook.OpenResult.NotReleased => ApiProblems.Create(StatusCodes.Status403Forbidden, "Hint not released yet",
                $"Hint {number} of '{challengeId}' is not out yet: the organisers release hints during the contest, and your page shows each one as it comes."),
            HintBook.OpenResult.CostNotAccepted => ApiProblems.Create(StatusCodes.Status409Conflict, "Confirm the cost",
                $"Opening hint {number} of '{challengeId}' costs {cost:0.##} points off that challenge's score. Send {{\"acceptCost\": true}} to open it."),
        };
    }

    private static async Task<Results<Ok<AdminHintView>, Created<AdminHintView>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string? challengeId, int? number, SaveHint body, HintBook book, ChallengeCatalog catalog, CancellationToken cancellationToken)
    {
        // The one rule the record cannot check: on POST the body must name the challenge (PUT has it in the path).
        challengeId ??= body.ChallengeId?.Trim();
        if (string.IsNullOrEmpty(challengeId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["challengeId"] = ["Say which challenge the hint is for."] });
        if (catalog.Find(challengeId!) is null) return ApiProblems.NotFound($"There is no challenge '{challengeId}'.");
        if (number is { } n && await book.FindAsync(challengeId!, n, cancellationToken) is null)
            return ApiProblems.NotFound($"'{challengeId}' has no hint {n}. POST /api/admin/hints adds one.");
        var saved = await book.SaveAsync(challengeId!, number, body.Markdown!.Trim() + "\n", body.Cost ?? 0, body.ReleaseMinute, cancellationToken);
        var view = await book.AdminViewAsync(saved, cancellationToken);
        return number is null ? TypedResults.Created($"/api/admin/hints/{saved.ChallengeId}/{saved.Number}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<AdminHintView>, ProblemHttpResult>> ReleaseAsync(string challengeId, int number, HintBook book, CancellationToken cancellationToken)
    {
        var (result, hint) = await book.ReleaseNowAsync(challengeId, number, cancellationToken);
        return result switch
        {
            HintBook.ReleaseResult.Released => TypedResults.Ok(await book.AdminViewAsync(hint!, cancellationToken)),
            HintBook.ReleaseResult.NotFound => ApiProblems.NotFound($"'{challengeId}' has no hint {number}."),
            HintBook.ReleaseResult.AlreadyReleased => ApiProblems.Create(StatusCodes.Status409Conflict, "Already released",
                $"Hint {number} of '{challengeId}' has been out since {hint!.ReleasedAt:HH:mm} UTC."),
        };
    }
}
