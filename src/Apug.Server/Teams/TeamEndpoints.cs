using Apug.Server.Api;
using Apug.Server.Contest;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Teams;

public static class TeamEndpoints
{
    public sealed record RegisterTeam(string? Name, string[]? Members);

    public sealed record TeamRegistered(Guid Id, string Name, IReadOnlyList<string> Members, string Token);

    public const int MaxNameLength = 40;
    public const int MaxMembers = 4;

    public static RouteGroupBuilder MapTeams(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/teams").WithTags("Teams");
        group.MapPost("/", RegisterAsync).WithJsonBody<RegisterTeam>().RequireRateLimiting(RateLimits.Registration);
        return group;
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
            return Problems.Create(StatusCodes.Status409Conflict, "Name taken", $"A team called '{name}' already exists; pick another name.");

        var (team, token) = result;
        board.TeamRegistered(team.Id);
        return TypedResults.Created($"/api/teams/{team.Id}", new TeamRegistered(team.Id, team.Name, team.Members, token));
    }
}
