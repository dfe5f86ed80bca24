using System.Security.Claims;
using Apug.Server.Api;
using Apug.Server.Contest;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Teams;

public static class TeamEndpoints
{
    public sealed record RegisterTeam(string? Name, string[]? Members);

    public sealed record TeamRegistered(Guid Id, string Name, IReadOnlyList<string> Members, string Token);

    /// <summary>JoinPath is the participant page's join link (the code in the fragment, so it never reaches a server log).</summary>
    public sealed record JoinCodeIssued(string Code, DateTimeOffset ExpiresAt, string JoinPath);

    public sealed record JoinTeam(string? Code);

    public const int MaxNameLength = 40;
    public const int MaxMembers = 4;

    public static RouteGroupBuilder MapTeams(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/teams").WithTags("Teams");
        group.MapPost("/", RegisterAsync).WithJsonBody<RegisterTeam>().RequireRateLimiting(RateLimits.Registration);
        // A second laptop of the team: a member asks for a code, the other device exchanges it once for its own token.
        group.MapPost("/join-codes", IssueJoinCodeAsync).RequireAuthorization();
        group.MapPost("/join", JoinAsync).WithJsonBody<JoinTeam>().RequireRateLimiting(RateLimits.Registration);
        return group;
    }

    private static async Task<Created<JoinCodeIssued>> IssueJoinCodeAsync(
        ClaimsPrincipal user, TeamStore teams, TimeProvider clock, CancellationToken cancellationToken)
    {
        var code = JoinCodes.New();
        var expiresAt = clock.GetUtcNow() + JoinCodes.Lifetime;
        await teams.CreateJoinCodeAsync(user.TeamId(), code, expiresAt, cancellationToken);
        return TypedResults.Created((string?)null, new JoinCodeIssued(code, expiresAt, $"/#/join/{code}"));
    }

    private static async Task<Results<Ok<TeamRegistered>, ValidationProblem, ProblemHttpResult>> JoinAsync(
        HttpRequest request, TeamStore teams, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<JoinTeam>(request, 1024);
        if (problem is not null) return problem;
        if (JoinCodes.Normalise(body!.Code) is not { } code)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["code"] = ["A join code has 8 letters and digits, like K7PX-3QMD: your teammate's page shows it under \"Join from another device\"."],
            }, title: "Not a join code");
        if (await teams.RedeemJoinCodeAsync(code, cancellationToken) is not { } joined)
            return ApiProblems.NotFound(
                $"The join code {code[..4]}-{code[4..]} is unknown, used already or expired (a code works once, for {JoinCodes.Lifetime.TotalMinutes:0} minutes). Ask your teammate for a new one.");
        var (team, token) = joined;
        return TypedResults.Ok(new TeamRegistered(team.Id, team.Name, team.Members, token));
    }

    private static async Task<Results<Created<TeamRegistered>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        HttpRequest request, TeamStore teams, Leaderboard board, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterTeam>(request, 16 * 1024);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        var name = body!.Name?.Trim() ?? "";
        if (name.Length == 0) errors["name"] = ["Give your team a name."];
        else if (name.Length > MaxNameLength) errors["name"] = [$"A team name has at most {MaxNameLength} characters."];
        else if (name.Any(char.IsControl)) errors["name"] = ["A team name cannot contain control characters."];

        var members = (body.Members ?? []).Select(m => m?.Trim() ?? "").ToArray();
        if (members.Length == 0) errors["members"] = ["Name at least one member."];
        else if (members.Length > MaxMembers) errors["members"] = [$"A team has at most {MaxMembers} members."];
        else if (members.Any(m => m.Length == 0 || m.Length > MaxNameLength || m.Any(char.IsControl)))
            errors["members"] = [$"Each member needs a name of 1 to {MaxNameLength} characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The team could not be registered");

        var created = await teams.CreateAsync(name, members, cancellationToken);
        if (created is not { } result)
            return ApiProblems.Create(StatusCodes.Status409Conflict, "Name taken", $"A team called '{name}' already exists; pick another name.");

        var (team, token) = result;
        board.TeamRegistered(team.Id);
        return TypedResults.Created($"/api/teams/{team.Id}", new TeamRegistered(team.Id, team.Name, team.Members, token));
    }
}
