using System.Security.Claims;
using Apug.Server.Admin;
using Apug.Server.Challenges;
using Apug.Server.Realtime;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Clarifications;

/// <summary>What a team reads: a question (its own, or another team's answered publicly, without the team) and its answer.</summary>
public sealed record ClarificationView(
    long Id, string? ChallengeId, string? Question, DateTimeOffset? AskedAt, string? Answer, DateTimeOffset? AnsweredAt, bool Public, bool Mine)
{
    public static ClarificationView Of(Clarification c, Guid? forTeam) =>
        new(c.Id, c.ChallengeId, c.Question, c.AskedAt, c.Answer, c.AnsweredAt, c.Public, forTeam is { } team && c.TeamId == team);
}

/// <summary>What organisers see: who asked as well.</summary>
public sealed record AdminClarificationView(
    long Id, Guid? TeamId, string? TeamName, string? ChallengeId, string? Question, DateTimeOffset? AskedAt, string? Answer,
    DateTimeOffset? AnsweredAt, bool Public, bool Answered)
{
    public static AdminClarificationView Of(Clarification c) =>
        new(c.Id, c.TeamId, c.TeamName, c.ChallengeId, c.Question, c.AskedAt, c.Answer, c.AnsweredAt, c.Public, c.Answered);
}

public static class ClarificationEndpoints
{
    public sealed record AskClarification(
        string? ChallengeId,
        [property: Text(MaxLength, AllowLineBreaks = true, ErrorMessage = "Write your question: 1 to {0} characters.", ControlCharacters = ControlCharacters)]
        string? Text);

    public sealed record AnswerClarification(
        [property: Text(MaxLength, AllowLineBreaks = true, ErrorMessage = "Write the answer: 1 to {0} characters.", ControlCharacters = ControlCharacters)]
        string? Text,
        bool? Public,
        bool? Projector);

    public sealed record PostClarification(
        string? ChallengeId,
        [property: Text(MaxLength, AllowLineBreaks = true, ErrorMessage = "Write the clarification: 1 to {0} characters.", ControlCharacters = ControlCharacters)]
        string? Text,
        bool? Projector);

    private const string ControlCharacters = "The text contains control characters.";

    public const int MaxLength = 2000;

    public static IServiceCollection AddClarifications(this IServiceCollection services) => services.AddSingleton<ClarificationStore>();

    public static IEndpointRouteBuilder MapClarifications(this IEndpointRouteBuilder routes)
    {
        var team = routes.MapGroup("/api/clarifications").WithTags("Clarifications").RequireAuthorization();
        team.MapPost("/", AskAsync).WithJsonBody<AskClarification>(16 * 1024).RequireRateLimiting(RateLimits.Clarifications);
        team.MapGet("/", async (ClaimsPrincipal user, ClarificationStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ForTeamAsync(user.TeamId(), ct)).Select(c => ClarificationView.Of(c, user.TeamId())).ToList()));

        var admin = routes.MapGroup("/api/admin/clarifications").WithTags("Admin").RequireAuthorization(AdminAuthentication.PolicyName);
        admin.MapGet("/", async (ClarificationStore store, CancellationToken ct) => TypedResults.Ok((await store.AllAsync(ct))
            .OrderBy(c => c.Answered).ThenByDescending(c => c.Answered ? c.AnsweredAt : null).ThenBy(c => c.Id)
            .Select(AdminClarificationView.Of).ToList()));
        admin.MapPost("/", BroadcastAsync).WithJsonBody<PostClarification>(16 * 1024);
        admin.MapPost("/{id:long}/answer", AnswerAsync).WithJsonBody<AnswerClarification>(16 * 1024);
        return routes;
    }

    private static async Task<Results<Created<ClarificationView>, ProblemHttpResult>> AskAsync(
        JsonBody<AskClarification> request, ClaimsPrincipal user, ClarificationStore store, ChallengeCatalog catalog, ContestBridge bridge, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var body = request.Value;
        var challengeId = string.IsNullOrWhiteSpace(body.ChallengeId) ? null : body.ChallengeId.Trim();
        if (challengeId is not null && catalog.Find(challengeId) is null)
            return ApiProblems.NotFound($"There is no challenge '{challengeId}'. Leave challengeId out to ask about the contest in general.");
        var asked = await store.AskAsync(user.TeamId(), challengeId, body.Text!.Trim(), clock.GetUtcNow(), cancellationToken);
        bridge.Clarify(asked);
        return TypedResults.Created($"/api/clarifications/{asked.Id}", ClarificationView.Of(asked, user.TeamId()));
    }

    private static async Task<Results<Ok<AdminClarificationView>, ProblemHttpResult>> AnswerAsync(
        long id, JsonBody<AnswerClarification> request, ClarificationStore store, AdminStore admin, ContestBridge bridge, TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = request.Value;
        var (result, clarification) = await store.AnswerAsync(id, body.Text!.Trim(), body.Public ?? false, clock.GetUtcNow(), cancellationToken);
        switch (result)
        {
            case ClarificationStore.AnswerResult.NotFound:
                return ApiProblems.NotFound($"There is no clarification question {id}.");
            case ClarificationStore.AnswerResult.AlreadyAnswered:
                return ApiProblems.Create(StatusCodes.Status409Conflict, "Already answered",
                    clarification!.Question is null
                        ? $"Clarification {id} is the organisers' own message; there is nothing to answer."
                        : $"Question {id} was answered at {clarification.AnsweredAt:HH:mm} UTC. Post a new clarification to everyone to add to it.");
        }
        bridge.Clarify(clarification!);
        if (body.Projector == true && clarification!.Public) await ProjectAsync(clarification, admin, bridge, clock, cancellationToken);
        return TypedResults.Ok(AdminClarificationView.Of(clarification!));
    }

    private static async Task<Results<Created<AdminClarificationView>, ProblemHttpResult>> BroadcastAsync(
        JsonBody<PostClarification> request, ClarificationStore store, ChallengeCatalog catalog, AdminStore admin, ContestBridge bridge, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var body = request.Value;
        var challengeId = string.IsNullOrWhiteSpace(body.ChallengeId) ? null : body.ChallengeId.Trim();
        if (challengeId is not null && catalog.Find(challengeId) is null) return ApiProblems.NotFound($"There is no challenge '{challengeId}'.");
        var posted = await store.BroadcastAsync(challengeId, body.Text!.Trim(), clock.GetUtcNow(), cancellationToken);
        bridge.Clarify(posted);
        if (body.Projector == true) await ProjectAsync(posted, admin, bridge, clock, cancellationToken);
        return TypedResults.Created("/api/admin/clarifications", AdminClarificationView.Of(posted));
    }

    /// <summary>On the projector as an announcement (stored like one, so a projector that reconnects shows it too).</summary>
    private static async Task ProjectAsync(Clarification clarification, AdminStore admin, ContestBridge bridge, TimeProvider clock, CancellationToken cancellationToken)
    {
        var about = clarification.ChallengeId is null ? "" : $" ({clarification.ChallengeId})";
        var message = $"Clarification{about}: {clarification.Answer}";
        if (message.Length > AdminEndpoints.MaxAnnouncementLength) message = message[..(AdminEndpoints.MaxAnnouncementLength - 1)] + "…";
        await admin.AddAnnouncementAsync(message, clock.GetUtcNow(), cancellationToken);
        bridge.Announce(message);
    }
}
