using Apug.Server.Challenges;
using Apug.Server.Web;

namespace Apug.Server.Contest;

/// <summary>An organiser's clock operation that does not fit the contest's state; the message says why (answer 409).</summary>
public sealed class ContestRuleException(string message) : Exception(message);

/// <summary>Why a team may not submit to a challenge now, in the team's terms (not in this contest, not started, over).</summary>
public sealed record SubmissionRefusal(string Title, string Detail);

/// <summary>What one reveal step changed: whose cell, its result, and the team's rank before and after.</summary>
public sealed record RevealStep(Guid TeamId, string TeamName, string ChallengeId, string Label, bool Solved, int RankBefore, int RankAfter, int CellsLeft);

/// <summary>
/// The contest's notion of time: contest.yaml's schedule as the organisers have since changed it (saved, so a restart
/// keeps it), the phase "now" (from the injected TimeProvider), and the rules that depend on it. Every change is
/// announced to the subscribers (the leaderboard, the realtime bridge) and awaited before the call returns.
/// </summary>
public sealed class ContestClock(ChallengeCatalog catalog, ContestStore store, TimeProvider time, ILogger<ContestClock> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Broadcast<ContestStateView> changes = new(logger);
    private Task? loading;
    private volatile State state = new(ContestSchedule.From(ContestDefinition.Practice), new HashSet<RevealedCell>());

    private sealed record State(ContestSchedule Schedule, IReadOnlySet<RevealedCell> Revealed);

    /// <summary>Read once: changing contest.yaml takes a restart (a contest should not change under the teams' feet).</summary>
    public ContestDefinition Definition { get; } = ContestDefinition.Load(catalog.ChallengesDirectory);

    public ContestSchedule Schedule => state.Schedule;

    public IReadOnlySet<RevealedCell> Revealed => state.Revealed;

    public ContestPhase Phase => Schedule.Phase(time.GetUtcNow(), Definition.IsPractice);

    /// <summary>The contest's challenges in board order, resolved against the loaded catalog.</summary>
    public IReadOnlyList<ContestProblem> Problems => Definition.Resolve(catalog.All);

    /// <summary>Loads the saved clock once; every other member may be used after this.</summary>
    public Task EnsureLoadedAsync(CancellationToken cancellationToken = default)
    {
        var current = Volatile.Read(ref loading);
        if (current is { IsFaulted: false, IsCanceled: false }) return current;
        var fresh = LoadAsync(cancellationToken);
        Interlocked.CompareExchange(ref loading, fresh, current);
        return Volatile.Read(ref loading)!;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Definition.IsPractice) return;
        var (saved, revealed) = await store.LoadClockAsync(Definition.Name, cancellationToken);
        state = new State(saved ?? ContestSchedule.From(Definition), revealed);
        logger.LogInformation("Contest {Name}: starts {Start}, ends {End}, freezes {Freeze}{Saved}", Definition.Name,
            Schedule.StartsAt?.ToString("O") ?? "when an organiser starts it", Schedule.EndsAt?.ToString("O") ?? "-",
            Schedule.FreezesAt?.ToString("O") ?? "never", saved is null ? "" : " (as the organisers last set it)");
    }

    public ContestStateView View()
    {
        var schedule = Schedule;
        var now = time.GetUtcNow();
        return new ContestStateView(Definition.Name, ContestNames.Of(schedule.Phase(now, Definition.IsPractice)),
            schedule.StartsAt, schedule.EndsAt, schedule.FreezesAt, now);
    }

    /// <summary>The scoreboard's rules now: window, scoring, and what the freeze hides.</summary>
    public ScoreboardRules Rules()
    {
        var (schedule, revealed) = state;
        return new ScoreboardRules(Definition.Scoring, Definition.PenaltyMinutes, Problems, schedule.StartsAt, schedule.EndsAt,
            schedule.IsBoardFrozen(time.GetUtcNow()) ? schedule.FreezesAt : null, revealed);
    }

    /// <summary>Null when a team may submit to this challenge now, else why not (the endpoint answers it as a 403 problem).</summary>
    public async Task<SubmissionRefusal?> RefuseSubmissionAsync(string challengeId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        var problems = Problems;
        if (problems.All(p => p.Id != challengeId))
            return new SubmissionRefusal("Not in this contest",
                $"The challenge '{challengeId}' is not part of {Definition.Name}. This contest has: {string.Join(", ", problems.Select(p => $"{p.Label} ({p.Id})"))}.");
        var schedule = Schedule;
        var now = time.GetUtcNow();
        return schedule.Phase(now, Definition.IsPractice) switch
        {
            ContestPhase.Before => new SubmissionRefusal("Contest not started", schedule.StartsAt is { } start
                ? $"{Definition.Name} has not started yet: it opens at {start:yyyy-MM-dd HH:mm} UTC ({Until(start - now)} from now). Submit then."
                : $"{Definition.Name} has not started yet: the organisers will open it. Submit once it is running."),
            ContestPhase.Ended => new SubmissionRefusal("Contest over",
                $"{Definition.Name} closed at {schedule.EndsAt:yyyy-MM-dd HH:mm} UTC; submissions are no longer accepted."),
            ContestPhase.Practice or ContestPhase.Running or ContestPhase.Frozen => null,
        };
    }

    private static string Until(TimeSpan span) =>
        span.TotalMinutes < 1 ? "less than a minute" : span.TotalHours < 1 ? $"{(int)Math.Ceiling(span.TotalMinutes)} min" : $"{span.TotalHours:0.#} h";

    /// <summary>Reads the saved clock again (another instance changed it) and tells the subscribers.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
        await NotifyAsync();
    }

    /// <summary>Called with the new state after every change (and at start, freeze and end as time passes).</summary>
    public IDisposable Subscribe(Func<ContestStateView, Task> onChanged) => changes.Subscribe(onChanged);

    /// <summary>Tells the subscribers the phase changed by itself (the ticker calls this at start, freeze and end).</summary>
    internal Task NotifyAsync() => changes.PublishAsync(View());

    public Task<ContestStateView> StartNowAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, now) => schedule.StartAt(now, Definition), clearReveals: true, cancellationToken);

    /// <summary>Sets the start (past or future), keeping the contest's length and freeze period.</summary>
    public Task<ContestStateView> SetStartAsync(DateTimeOffset start, CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, _) => schedule.StartAt(start.ToUniversalTime(), Definition), clearReveals: true, cancellationToken);

    public Task<ContestStateView> ExtendAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, now) =>
        {
            if (by <= TimeSpan.Zero) throw new ContestRuleException("Extend by a positive amount of time.");
            if (schedule.StartsAt is null) throw new ContestRuleException("The contest has no start time yet: set the start first.");
            return schedule.Extend(by, now);
        }, clearReveals: false, cancellationToken);

    public Task<ContestStateView> EndNowAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, now) => schedule.Phase(now, false) is ContestPhase.Running or ContestPhase.Frozen
            ? schedule.EndAt(now)
            : throw new ContestRuleException("Only a running contest can be ended."), clearReveals: false, cancellationToken);

    public Task<ContestStateView> FreezeNowAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, now) => schedule.Phase(now, false) switch
        {
            ContestPhase.Running => schedule.FreezeAt(now),
            ContestPhase.Frozen => throw new ContestRuleException($"The board is already frozen (since {schedule.FreezesAt:HH:mm} UTC)."),
            _ => throw new ContestRuleException("Only a running contest can be frozen."),
        }, clearReveals: false, cancellationToken);

    /// <summary>Removes the freeze (scheduled or in force): the public board shows everything again.</summary>
    public Task<ContestStateView> UnfreezeAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, _) => schedule.FreezesAt is null
            ? throw new ContestRuleException("There is no freeze to lift.")
            : schedule.Unfreeze(), clearReveals: true, cancellationToken);

    /// <summary>Shows the final standings at once.</summary>
    public Task<ContestStateView> RevealAllAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync((schedule, now) =>
        {
            RequireFrozenAndEnded(schedule, now);
            return schedule.RevealAll();
        }, clearReveals: false, cancellationToken);

    /// <summary>
    /// ICPC reveal: the lowest team on the frozen board that still has pending attempts gets its leftmost pending
    /// cell revealed. Null when nothing is left to reveal (the board then shows the final standings).
    /// </summary>
    public async Task<RevealStep?> RevealNextAsync(CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        RevealStep? step;
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var schedule = Schedule;
            RequireFrozenAndEnded(schedule, now);
            var teams = await store.TeamsAsync(cancellationToken);
            var attempts = await store.AttemptsAsync(cancellationToken);
            var hintCosts = await store.HintCostsAsync(cancellationToken);
            var before = Scoreboard.Build(Rules(), teams, attempts, hintCosts);
            if (Scoreboard.NextReveal(before) is not { } cell)
            {
                // Nothing pending: the frozen board already is the final one; unfreeze it for good.
                await store.SaveClockAsync(Definition.Name, schedule.RevealAll(), clearReveals: false, now, CancellationToken.None);
                state = state with { Schedule = schedule.RevealAll() };
                step = null;
            }
            else
            {
                await store.AddRevealAsync(Definition.Name, cell, now, CancellationToken.None);
                state = state with { Revealed = new HashSet<RevealedCell>(state.Revealed) { cell } };
                var after = Scoreboard.Build(Rules(), teams, attempts, hintCosts);
                var rowBefore = before.Rows.Single(r => r.TeamId == cell.TeamId);
                var rowAfter = after.Rows.Single(r => r.TeamId == cell.TeamId);
                step = new RevealStep(cell.TeamId, rowAfter.TeamName, cell.ChallengeId,
                    Problems.Single(p => p.Id == cell.ChallengeId).Label,
                    rowAfter.Cells.Single(c => c.ChallengeId == cell.ChallengeId).Solved,
                    rowBefore.Rank, rowAfter.Rank, after.Rows.Sum(r => r.Cells.Count(c => c.Pending > 0)));
            }
        }
        finally
        {
            gate.Release();
        }
        await NotifyAsync();
        return step;
    }

    private void RequireFrozenAndEnded(ContestSchedule schedule, DateTimeOffset now)
    {
        if (schedule.Phase(now, Definition.IsPractice) != ContestPhase.Ended)
            throw new ContestRuleException("Reveal the standings once the contest has ended.");
        if (!schedule.IsBoardFrozen(now))
            throw new ContestRuleException("The board is not frozen: the final standings are already public.");
    }

    private async Task<ContestStateView> ChangeAsync(Func<ContestSchedule, DateTimeOffset, ContestSchedule> change, bool clearReveals, CancellationToken cancellationToken)
    {
        if (Definition.IsPractice)
            throw new ContestRuleException(
                $"There is no {ContestDefinition.FileName} in the challenges folder, so this is an open practice without a clock. Add one and restart to run a contest.");
        await EnsureLoadedAsync(cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var changed = change(Schedule, now);
            // Stored before it takes effect: a restart right after keeps it.
            await store.SaveClockAsync(Definition.Name, changed, clearReveals, now, CancellationToken.None);
            state = new State(changed, clearReveals ? new HashSet<RevealedCell>() : state.Revealed);
            logger.LogInformation("Contest clock changed: starts {Start}, ends {End}, freezes {Freeze}, revealed {Revealed}",
                changed.StartsAt, changed.EndsAt, changed.FreezesAt, changed.RevealedAll);
        }
        finally
        {
            gate.Release();
        }
        await NotifyAsync();
        return View();
    }
}
