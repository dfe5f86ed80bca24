using Apug.Server.Contest;
using Apug.Server.Judging;
using Apug.Server.Submissions;

namespace Apug.Server.ScaleOut;

/// <summary>
/// Keeps the instances sharing one PostgreSQL in step: it tells the others what happened here (queued, judged, teams or
/// clock changed) and, hearing theirs, wakes a worker, applies the verdict to this instance's board, rebuilds it or
/// reloads the clock. Each instance then sends its own board to its own connections (ContestGroups.Board), while the
/// team's own events go once, from the judging instance, through the Redis backplane. A verdict stored elsewhere is
/// published here as SubmissionJudgedElsewhere (the board, the SSE stream and the Contest API feed take it).
/// </summary>
public sealed class ClusterRelay : IHostedService, IDisposable
{
    private static readonly AsyncLocal<bool> ApplyingRemoteClock = new();
    private readonly ClusterSignals signals;
    private readonly JudgeQueue queue;
    private readonly SubmissionEvents events;
    private readonly SubmissionStore store;
    private readonly Leaderboard leaderboard;
    private readonly ContestClock clock;
    private readonly ILogger<ClusterRelay> logger;
    private readonly List<IDisposable> subscriptions = [];

    public ClusterRelay(ClusterSignals signals, SubmissionEvents events, SubmissionStore store, JudgeQueue queue, Leaderboard leaderboard,
        ContestClock clock, ILogger<ClusterRelay> logger)
    {
        this.signals = signals;
        this.events = events;
        this.store = store;
        this.queue = queue;
        this.leaderboard = leaderboard;
        this.clock = clock;
        this.logger = logger;
        subscriptions.Add(events.Subscribe(e =>
        {
            if (e is SubmissionQueued) signals.Publish(new ClusterSignal(SignalKind.Queued, e.SubmissionId));
            else if (e is SubmissionJudged) signals.Publish(new ClusterSignal(SignalKind.Judged, e.SubmissionId));
        }));
        leaderboard.TeamsChanged += OnTeamsChanged;
        subscriptions.Add(clock.Subscribe(_ =>
        {
            // Not back to where it came from: a reload for another instance's change is not a change here.
            if (!ApplyingRemoteClock.Value) signals.Publish(new ClusterSignal(SignalKind.Clock, null));
            return Task.CompletedTask;
        }));
        subscriptions.Add(signals.Subscribe(OnSignal));
    }

    private void OnTeamsChanged() => signals.Publish(new ClusterSignal(SignalKind.Board, null));

    private void OnSignal(ClusterSignal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.Queued when signal.SubmissionId is { } id:
                queue.Enqueue(id); // a wake-up for an idle worker; the claim decides who judges it
                break;
            case SignalKind.Judged when signal.SubmissionId is { } id:
                _ = PublishJudgedElsewhereAsync(id);
                break;
            case SignalKind.Board:
                _ = leaderboard.RebuildHereAsync();
                break;
            case SignalKind.Clock:
                _ = ReloadClockAsync();
                break;
        }
    }

    private async Task PublishJudgedElsewhereAsync(Guid id)
    {
        try
        {
            if (await store.FindAsync(id, CancellationToken.None) is { } submission)
                events.Publish(new SubmissionJudgedElsewhere(submission.Id, submission.TeamId, submission.ChallengeId));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reading submission {Submission}, judged on another instance, failed", id);
        }
    }

    private async Task ReloadClockAsync()
    {
        ApplyingRemoteClock.Value = true;
        try
        {
            await clock.ReloadAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reloading the contest clock another instance changed failed");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        leaderboard.TeamsChanged -= OnTeamsChanged;
        foreach (var subscription in subscriptions) subscription.Dispose();
    }
}
