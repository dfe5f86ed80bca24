using System.Threading.Channels;
using Apug.Server.Judging;
using Apug.Server.Web;

namespace Apug.Server.Contest;

/// <summary>
/// A change of the public board: the delta (and, when the problems themselves changed, the whole snapshot, since a
/// delta cannot carry them) plus the challenges that got a first solver.
/// </summary>
public sealed record LeaderboardUpdate(LeaderboardDelta Delta, LeaderboardSnapshot? Snapshot, IReadOnlyList<FirstSolve> FirstSolves);

/// <summary>
/// The public leaderboard kept in memory: a cache of <see cref="Scoreboard"/> over the stored submissions. Each
/// judged submission rescores its team; a rebuild (start-up, clock change, rejudge, hidden team) reads everything
/// again. All changes run one at a time on one loop, so versions are strictly ordered.
/// </summary>
public sealed class Leaderboard : BackgroundService
{
    private abstract record Work(TaskCompletionSource Done);
    private sealed record Rebuild(TaskCompletionSource Done) : Work(Done);
    private sealed record Judged(Guid SubmissionId, TaskCompletionSource Done) : Work(Done);
    private sealed record Submitted(Guid TeamId, TaskCompletionSource Done) : Work(Done);
    private sealed record Read(TaskCompletionSource Done) : Work(Done);

    private readonly ContestClock clock;
    private readonly ContestStore store;
    private readonly ILogger<Leaderboard> logger;
    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable judgedSubscription;
    private readonly IDisposable clockSubscription;
    private readonly Broadcast<LeaderboardUpdate> updates;

    // Owned by the loop.
    private ScoreboardRules? rules;
    private Dictionary<Guid, BoardTeam> teams = [];
    private readonly Dictionary<Guid, Dictionary<Guid, Attempt>> attempts = [];
    private readonly Dictionary<Guid, TeamScore> scores = [];
    private ILookup<Guid, HintCost> hintCosts = Array.Empty<HintCost>().ToLookup(h => h.TeamId);
    private Dictionary<string, Guid> announcedFirsts = new(StringComparer.Ordinal);

    private volatile LeaderboardSnapshot snapshot;

    public Leaderboard(ContestClock clock, ContestStore store, SubmissionEvents events, ILogger<Leaderboard> logger)
    {
        this.clock = clock;
        this.store = store;
        this.logger = logger;
        updates = new Broadcast<LeaderboardUpdate>(logger);
        snapshot = new LeaderboardSnapshot(0, clock.Definition.Name, ContestNames.Of(clock.Definition.Scoring), false, [], []);
        // Subscribe first, then read everything: a verdict stored before the read is in it, one after is queued.
        judgedSubscription = events.Subscribe(e =>
        {
            if (e is SubmissionJudged or SubmissionJudgedElsewhere) work.Writer.TryWrite(new Judged(e.SubmissionId, NewDone()));
            // A team also joins the board with its first submission (a team registered before this board started).
            else if (e is SubmissionQueued queued) work.Writer.TryWrite(new Submitted(queued.TeamId, NewDone()));
        });
        // Each instance's clock tells its own board (another instance's change reaches it as a clock signal).
        clockSubscription = clock.Subscribe(_ => RebuildHereAsync());
        work.Writer.TryWrite(new Rebuild(NewDone()));
    }

    /// <summary>
    /// The board as of now: queued behind every verdict already published, so a client that has seen its verdict
    /// event and then asks for the board finds the verdict in it.
    /// </summary>
    public async Task<LeaderboardSnapshot> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        await ready.Task.WaitAsync(cancellationToken);
        var done = NewDone();
        work.Writer.TryWrite(new Read(done));
        await done.Task.WaitAsync(cancellationToken);
        return snapshot;
    }

    /// <summary>
    /// Reads every submission again and publishes what changed; completes once the new board is out. Other instances
    /// (PostgreSQL) are told to do the same.
    /// </summary>
    public Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        ChangedHere();
        return RebuildHereAsync(cancellationToken);
    }

    /// <summary>Rebuilds this instance's board only (another instance changed the teams or the clock).</summary>
    public Task RebuildHereAsync(CancellationToken cancellationToken = default)
    {
        var done = NewDone();
        work.Writer.TryWrite(new Rebuild(done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A newly registered team joins the board at once (with nothing solved); queued, so registering never waits for it.</summary>
    public void TeamRegistered(Guid teamId)
    {
        ChangedHere();
        work.Writer.TryWrite(new Submitted(teamId, NewDone()));
    }

    /// <summary>Hides a team from (or shows it on) the public board. False when there is no such team.</summary>
    public async Task<bool> SetTeamHiddenAsync(Guid teamId, bool hidden, CancellationToken cancellationToken = default)
    {
        if (!await store.SetHiddenAsync(teamId, hidden, cancellationToken)) return false;
        await RebuildAsync(cancellationToken);
        return true;
    }

    /// <summary>The teams changed on this instance (not a verdict): ScaleOut tells the other instances to rebuild.</summary>
    public event Action? TeamsChanged;

    private void ChangedHere()
    {
        try
        {
            TeamsChanged?.Invoke();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Telling the other instances about a board change failed");
        }
    }

    /// <summary>Called on the board's loop after each change of the public board; keep it quick.</summary>
    public IDisposable Subscribe(Action<LeaderboardUpdate> onUpdate) => updates.Subscribe(onUpdate);

    private static TaskCompletionSource NewDone() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in work.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    switch (item)
                    {
                        case Rebuild: await RebuildNowAsync(stoppingToken); break;
                        case Judged judged: await ApplyAsync(judged.SubmissionId, stoppingToken); break;
                        case Submitted submitted when !teams.ContainsKey(submitted.TeamId): await RebuildNowAsync(stoppingToken); break;
                        case Submitted or Read: break;
                    }
                    item.Done.TrySetResult();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    item.Done.TrySetCanceled(stoppingToken);
                    return;
                }
                catch (Exception ex)
                {
                    // The board stays as it was; the next rebuild starts from the database again.
                    logger.LogError(ex, "Updating the leaderboard failed");
                    item.Done.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Shutting down: nobody waits forever for a change that will not be made.
        while (work.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stoppingToken);
    }

    private async Task RebuildNowAsync(CancellationToken cancellationToken)
    {
        await clock.EnsureLoadedAsync(cancellationToken);
        rules = clock.Rules();
        teams = (await store.TeamsAsync(cancellationToken)).ToDictionary(t => t.Id);
        attempts.Clear();
        foreach (var attempt in await store.AttemptsAsync(cancellationToken))
            AttemptsOf(attempt.TeamId)[attempt.SubmissionId] = attempt;
        hintCosts = (await store.HintCostsAsync(cancellationToken)).ToLookup(h => h.TeamId);
        RescoreAll();
        Publish();
    }

    private async Task ApplyAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        if (await store.AttemptAsync(submissionId, cancellationToken) is not { } attempt) return;
        if (!teams.ContainsKey(attempt.TeamId))
        {
            // A team registered since the last read: read everything, which includes this attempt.
            await RebuildNowAsync(cancellationToken);
            return;
        }
        AttemptsOf(attempt.TeamId)[attempt.SubmissionId] = attempt;
        var current = clock.Rules();
        // Time may have moved the board into its freeze before the ticker said so: never show what it hides.
        if (rules is null || current.HiddenFrom != rules.HiddenFrom || current.StartsAt != rules.StartsAt || current.EndsAt != rules.EndsAt
            || !current.Revealed.SetEquals(rules.Revealed))
        {
            rules = current;
            RescoreAll();
        }
        else
        {
            Rescore(teams[attempt.TeamId]);
        }
        Publish();
    }

    private Dictionary<Guid, Attempt> AttemptsOf(Guid teamId)
    {
        if (!attempts.TryGetValue(teamId, out var byId)) attempts[teamId] = byId = [];
        return byId;
    }

    private void RescoreAll()
    {
        scores.Clear();
        foreach (var team in teams.Values) Rescore(team);
    }

    private void Rescore(BoardTeam team)
    {
        if (team.Hidden)
            scores.Remove(team.Id);
        else
            scores[team.Id] = Scoreboard.ScoreTeam(rules!, team, attempts.GetValueOrDefault(team.Id)?.Values ?? Enumerable.Empty<Attempt>(), hintCosts[team.Id]);
    }

    private void Publish()
    {
        var standings = Scoreboard.Rank(rules!, scores.Values);
        var previous = snapshot;
        var problems = rules!.Problems.Select(p => new ProblemView(p.Id, p.Label, p.Name, p.Colour)).ToList();
        var frozen = rules.HiddenFrom is not null;
        var firsts = standings.FirstSolves.ToDictionary(f => f.ChallengeId, f => f.TeamId, StringComparer.Ordinal);
        var isFirstBuild = previous.Version == 0;

        var before = previous.Rows.ToDictionary(r => r.TeamId);
        var changedRows = standings.Rows.Where(r => !before.TryGetValue(r.TeamId, out var old) || !old.SameAs(r)).ToList();
        var problemsChanged = !previous.Problems.SequenceEqual(problems);
        var orderChanged = !previous.Rows.Select(r => r.TeamId).SequenceEqual(standings.Rows.Select(r => r.TeamId));
        if (!isFirstBuild && changedRows.Count == 0 && !problemsChanged && !orderChanged && previous.Frozen == frozen) return;

        var next = new LeaderboardSnapshot(previous.Version + 1, clock.Definition.Name, ContestNames.Of(rules.Scoring), frozen, problems, standings.Rows);
        snapshot = next;
        var newFirsts = standings.FirstSolves.Where(f => announcedFirsts.GetValueOrDefault(f.ChallengeId) != f.TeamId).ToList();
        announcedFirsts = firsts;
        ready.TrySetResult();
        // After a restart the board is the same as before: nothing to announce.
        if (isFirstBuild) return;

        var update = new LeaderboardUpdate(
            new LeaderboardDelta(next.Version, previous.Version, frozen, changedRows, standings.Rows.Select(r => r.TeamId).ToList()),
            problemsChanged ? next : null, newFirsts);
        updates.Publish(update);
    }

    public override void Dispose()
    {
        judgedSubscription.Dispose();
        clockSubscription.Dispose();
        base.Dispose();
    }
}
