using System.Security.Claims;
using Apug.Server.Contest;
using Apug.Server.Web;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Teams;

public static class TeamEndpoints
{
    public sealed record RegisterTeam(
        [property: Text(MaxNameLength, Empty = "Give your team a name.", TooLong = "A team name has at most {0} characters.",
            ControlCharacters = "A team name cannot contain control characters.")]
        string? Name,
        string[]? Members) : IValidatableObject
    {
        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            var members = (Members ?? []).Select(m => m?.Trim() ?? "").ToArray();
            var broken = members.Length == 0 ? "Name at least one member."
                : members.Length > MaxMembers ? $"A team has at most {MaxMembers} members."
                : members.Any(m => m.Length == 0 || m.Length > MaxNameLength || m.Any(char.IsControl)) ? $"Each member needs a name of 1 to {MaxNameLength} characters."
                : null;
            if (broken is not null) yield return new ValidationResult(broken, [nameof(Members)]);
        }
    }

    public sealed record TeamRegistered(Guid Id, string Name, IReadOnlyList<string> Members, string Token);

    /// <summary>JoinPath is the participant page's join link (the code in the fragment, so it never reaches a server log).</summary>
    public sealed record JoinCodeIssued(string Code, DateTimeOffset ExpiresAt, string JoinPath);

    public sealed record JoinTeam(
        [property: JoinCode(ErrorMessage = "A join code has 8 letters and digits, like K7PX-3QMD: your teammate's page shows it under \"Join from another device\".")]
        string? Code);

    public const int MaxNameLength = 40;
    public const int MaxMembers = 4;

    public static RouteGroupBuilder MapTeams(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/teams").WithTags("Teams");
        group.MapPost("/", RegisterAsync).WithJsonBody<RegisterTeam>(16 * 1024, invalidTitle: "The team could not be registered").RequireRateLimiting(RateLimits.Registration);
        // A second laptop of the team: a member asks for a code, the other device exchanges it once for its own token.
        group.MapPost("/join-codes", IssueJoinCodeAsync).RequireAuthorization();
        group.MapPost("/join", JoinAsync).WithJsonBody<JoinTeam>(1024, invalidTitle: "Not a join code").RequireRateLimiting(RateLimits.Registration);
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

    private static async Task<Results<Ok<TeamRegistered>, ProblemHttpResult>> JoinAsync(
        JsonBody<JoinTeam> body, TeamStore teams, CancellationToken cancellationToken)
    {
        var code = JoinCodes.Normalise(body.Value.Code)!; // [JoinCode] has checked it
        if (await teams.RedeemJoinCodeAsync(code, cancellationToken) is not { } joined)
            return ApiProblems.NotFound(
                $"The join code {code[..4]}-{code[4..]} is unknown, used already or expired (a code works once, for {JoinCodes.Lifetime.TotalMinutes:0} minutes). Ask your teammate for a new one.");
        var (team, token) = joined;
        return TypedResults.Ok(new TeamRegistered(team.Id, team.Name, team.Members, token));
    }

    private static async Task<Results<Created<TeamRegistered>, ProblemHttpResult>> RegisterAsync(
        JsonBody<RegisterTeam> body, TeamStore teams, Leaderboard board, CancellationToken cancellationToken)
    {
        var name = body.Value.Name!.Trim();
        var members = body.Value.Members!.Select(m => m.Trim()).ToArray();
        var created = await teams.CreateAsync(name, members, cancellationToken);
        if (created is not { } result)
            return ApiProblems.Create(StatusCodes.Status409Conflict, "Name taken", $"A team called '{name}' already exists; pick another name.");

        var (team, token) = result;
        board.TeamRegistered(team.Id);
        return TypedResults.Created($"/api/teams/{team.Id}", new TeamRegistered(team.Id, team.Name, team.Members, token));
    }
}
