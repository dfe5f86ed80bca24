using System.Globalization;
using System.Text;
using Apug.Server.Contest;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Admin;

/// <summary>The contest clock, the reveal and the final standings for organisers; the rules live in ContestClock.</summary>
public static class AdminContestEndpoints
{
    public sealed record SetStart(DateTimeOffset? At);

    public sealed record Extend(double? Minutes);

    public sealed record RevealView(RevealStep? Step, bool Final, ContestStateView State);

    public sealed record StartAutoReveal(double? IntervalSeconds);

    /// <summary>Running: the background loop goes on revealing every IntervalSeconds until the board is final.</summary>
    public sealed record AutoRevealView(RevealStep? Step, bool Final, bool Running, double IntervalSeconds, ContestStateView State);

    public sealed record AutoRevealStopped(bool WasRunning);

    public const double DefaultAutoRevealSeconds = 3, MaxAutoRevealSeconds = 60;

    public static RouteGroupBuilder MapAdminContest(this RouteGroupBuilder group)
    {
        group.MapGet("/contest", (ContestClock clock) => TypedResults.Ok(clock.View()));
        group.MapPost("/contest/start", StartAsync).WithJsonBody<SetStart>(4096, optional: true);
        group.MapPost("/contest/extend", ExtendAsync).WithJsonBody<Extend>(4096);
        group.MapPost("/contest/end", (ContestClock clock, CancellationToken ct) => Rule(() => clock.EndNowAsync(ct)));
        group.MapPost("/contest/freeze", (ContestClock clock, CancellationToken ct) => Rule(() => clock.FreezeNowAsync(ct)));
        group.MapPost("/contest/unfreeze", (ContestClock clock, CancellationToken ct) => Rule(() => clock.UnfreezeAsync(ct)));
        group.MapPost("/contest/reveal/next", RevealNextAsync);
        group.MapPost("/contest/reveal/auto", StartAutoRevealAsync).WithJsonBody<StartAutoReveal>(4096, optional: true);
        group.MapPost("/contest/reveal/stop", (AutoReveal auto) => TypedResults.Ok(new AutoRevealStopped(auto.Stop())));
        group.MapPost("/contest/reveal/all", (ContestClock clock, CancellationToken ct) => Rule(() => clock.RevealAllAsync(ct)));
        group.MapGet("/export/standings.json", async (ContestClock clock, ContestStore store, CancellationToken ct) =>
            TypedResults.Ok(await FinalStandingsAsync(clock, store, ct)));
        group.MapGet("/export/standings.csv", StandingsCsvAsync);
        return group;
    }

    /// <summary>Start now (no body, or no "at"), or set the start to a time, past or future.</summary>
    private static Task<Results<Ok<ContestStateView>, ProblemHttpResult>> StartAsync(
        JsonBody<SetStart> body, ContestClock clock, CancellationToken cancellationToken) =>
        Rule(() => body.ValueOrNull?.At is { } start ? clock.SetStartAsync(start, cancellationToken) : clock.StartNowAsync(cancellationToken));

    private static async Task<Results<Ok<ContestStateView>, ProblemHttpResult>> ExtendAsync(
        JsonBody<Extend> body, ContestClock clock, CancellationToken cancellationToken)
    {
        if (body.Value.Minutes is not { } minutes || minutes is not (> 0 and <= 24 * 60))
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "Invalid extension", "Send {\"minutes\": N} with N between 0 and 1440.");
        return await Rule(() => clock.ExtendAsync(TimeSpan.FromMinutes(minutes), cancellationToken));
    }

    private static async Task<Results<Ok<RevealView>, ProblemHttpResult>> RevealNextAsync(ContestClock clock, CancellationToken cancellationToken)
    {
        try
        {
            var step = await clock.RevealNextAsync(cancellationToken);
            return TypedResults.Ok(new RevealView(step, step is null, clock.View()));
        }
        catch (ContestRuleException ex)
        {
            return Refused(ex);
        }
    }

    /// <summary>Reveals one step now and the rest every intervalSeconds (1–60, default 3) in the background; replaces a running loop.</summary>
    private static async Task<Results<Ok<AutoRevealView>, ProblemHttpResult>> StartAutoRevealAsync(
        JsonBody<StartAutoReveal> body, AutoReveal auto, ContestClock clock, CancellationToken cancellationToken)
    {
        var seconds = body.ValueOrNull?.IntervalSeconds ?? DefaultAutoRevealSeconds;
        if (seconds is not (>= 1 and <= MaxAutoRevealSeconds))
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "Invalid interval",
                $"Send {{\"intervalSeconds\": N}} with N between 1 and {MaxAutoRevealSeconds} seconds (default {DefaultAutoRevealSeconds}).");
        try
        {
            var step = await auto.StartAsync(TimeSpan.FromSeconds(seconds), cancellationToken);
            return TypedResults.Ok(new AutoRevealView(step, step is null, auto.IsRunning, seconds, clock.View()));
        }
        catch (ContestRuleException ex)
        {
            return Refused(ex);
        }
    }

    /// <summary>A clock change that does not fit the contest's state answers 409 with the clock's own explanation.</summary>
    private static async Task<Results<Ok<ContestStateView>, ProblemHttpResult>> Rule(Func<Task<ContestStateView>> change)
    {
        try
        {
            return TypedResults.Ok(await change());
        }
        catch (ContestRuleException ex)
        {
            return Refused(ex);
        }
    }

    private static ProblemHttpResult Refused(ContestRuleException ex) => ApiProblems.Create(StatusCodes.Status409Conflict, "Not now", ex.Message);

    /// <summary>The true standings for organisers: the freeze does not hide anything here; hidden (and disqualified) teams are left out.</summary>
    private static async Task<LeaderboardSnapshot> FinalStandingsAsync(ContestClock clock, ContestStore store, CancellationToken cancellationToken)
    {
        await clock.EnsureLoadedAsync(cancellationToken);
        var rules = clock.Rules() with { HiddenFrom = null };
        var standings = Scoreboard.Build(rules, await store.TeamsAsync(cancellationToken), await store.AttemptsAsync(cancellationToken),
            await store.HintCostsAsync(cancellationToken));
        var problems = rules.Problems.Select(p => new ProblemView(p.Id, p.Label, p.Name, p.Colour)).ToList();
        return new LeaderboardSnapshot(0, clock.Definition.Name, ContestNames.Of(rules.Scoring), false, problems, standings.Rows);
    }

    private static async Task<FileContentHttpResult> StandingsCsvAsync(ContestClock clock, ContestStore store, CancellationToken cancellationToken)
    {
        var board = await FinalStandingsAsync(clock, store, cancellationToken);
        var csv = new StringBuilder("rank,team_id,team_name,solved,points,penalty");
        foreach (var problem in board.Problems) csv.Append(',').Append(AdminExportEndpoints.Csv(problem.Label));
        csv.Append('\n');
        foreach (var row in board.Rows)
        {
            csv.AppendJoin(',', [row.Rank.ToString(CultureInfo.InvariantCulture), row.TeamId.ToString(), AdminExportEndpoints.Csv(row.TeamName),
                row.Solved.ToString(CultureInfo.InvariantCulture), row.Points.ToString(CultureInfo.InvariantCulture), row.Penalty.ToString(CultureInfo.InvariantCulture)]);
            foreach (var cell in row.Cells)
                csv.Append(',').Append(cell.Score is { } score ? score.ToString(CultureInfo.InvariantCulture)
                    : cell.Solved ? $"AC/{cell.Attempts}" : cell.Attempts > 0 ? $"-{cell.Attempts}" : "");
            csv.Append('\n');
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "standings.csv");
    }
}
