using System.Security.Claims;
using Apug.Server.Admin;
using Apug.Server.Api;
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
    public sealed record AskClarification(string? ChallengeId, string? Text);

    public sealed record AnswerClarification(string? Text, bool? Public, bool? Projector);

    public sealed record PostClarification(string? ChallengeId, string? Text, bool? Projector);

    public const int MaxLength = 2000;

    public static IServiceCollection AddClarifications(this IServiceCollection services) => services.AddSingleton<ClarificationStore>();

    public static IEndpointRouteBuilder MapClarifications(this IEndpointRouteBuilder routes)
    {
        var team = routes.MapGroup("/api/clarifications").WithTags("Clarifications").RequireAuthorization();
        team.MapPost("/", AskAsync).WithJsonBody<AskClarification>().RequireRateLimiting(RateLimits.Clarifications);
        team.MapGet("/", async (ClaimsPrincipal user, ClarificationStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ForTeamAsync(user.TeamId(), ct)).Select(c => ClarificationView.Of(c, user.TeamId())).ToList()));

        var admin = routes.MapGroup("/api/admin/clarifications").WithTags("Admin").RequireAuthorization(AdminAuthentication.PolicyName);
        admin.MapGet("/", async (ClarificationStore store, CancellationToken ct) => TypedResults.Ok((await store.AllAsync(ct))
            .OrderBy(c => c.Answered).ThenByDescending(c => c.Answered ? c.AnsweredAt : null).ThenBy(c => c.Id)
            .Select(AdminClarificationView.Of).ToList()));
        admin.MapPost("/", BroadcastAsync).WithJsonBody<PostClarification>();
        admin.MapPost("/{id:long}/answer", AnswerAsync).WithJsonBody<AnswerClarification>();
        return routes;
    }

    private static async Task<Results<Created<ClarificationView>, ValidationProblem, ProblemHttpResult>> AskAsync(
        HttpRequest request, ClaimsPrincipal user, ClarificationStore store, ChallengeCatalog catalog, ContestBridge bridge, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<AskClarification>(request, 16 * 1024);
        if (problem is not null) return problem;
        if (Invalid(body!.Text, "text", "Write your question") is { } invalid) return invalid;
        var challengeId = string.IsNullOrWhiteSpace(body.ChallengeId) ? null : body.ChallengeId.Trim();
        if (challengeId is not null && catalog.Find(challengeId) is null)
            return ApiProblems.NotFound($"There is no challenge '{challengeId}'. Leave challengeId out to ask about the contest in general.");
        var asked = await store.AskAsync(user.TeamId(), challengeId, body.Text!.Trim(), clock.GetUtcNow(), cancellationToken);
        bridge.Clarify(asked);
        return TypedResults.Created($"/api/clarifications/{asked.Id}", ClarificationView.Of(asked, user.TeamId()));
    }

    private static async Task<Results<Ok<AdminClarificationView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        long id, HttpRequest request, ClarificationStore store, AdminStore admin, ContestBridge bridge, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<AnswerClarification>(request, 16 * 1024);
        if (problem is not null) return problem;
        if (Invalid(body!.Text, "text", "Write the answer") is { } invalid) return invalid;
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

    private static async Task<Results<Created<AdminClarificationView>, ValidationProblem, ProblemHttpResult>> BroadcastAsync(
        HttpRequest request, ClarificationStore store, ChallengeCatalog catalog, AdminStore admin, ContestBridge bridge, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PostClarification>(request, 16 * 1024);
        if (problem is not null) return problem;
        if (Invalid(body!.Text, "text", "Write the clarification") is { } invalid) return invalid;
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

    private static ValidationProblem? Invalid(string? text, string field, string what) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Length > MaxLength
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"{what}: 1 to {MaxLength} characters."] })
            : text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["The text contains control characters."] })
                : null;
}
