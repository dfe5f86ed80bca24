namespace Apug.Server.Judging;

public abstract record SubmissionEvent(Guid SubmissionId, Guid TeamId, string ChallengeId);

public sealed record SubmissionQueued(Guid SubmissionId, Guid TeamId, string ChallengeId, DateTimeOffset CreatedAt)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

public sealed record SubmissionStarted(Guid SubmissionId, Guid TeamId, string ChallengeId, int TestCount)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

public sealed record TestJudged(Guid SubmissionId, Guid TeamId, string ChallengeId, TestOutcome Test, int TestCount)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

public sealed record SubmissionJudged(Guid SubmissionId, Guid TeamId, string ChallengeId, SubmissionOutcome Outcome, DateTimeOffset JudgedAt)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

/// <summary>
/// Another instance sharing the PostgreSQL stored this submission's verdict (ScaleOut/ClusterRelay). Read it from the
/// store. Never forwarded to the hub: the judging instance sent the team's events already, through Redis.
/// </summary>
public sealed record SubmissionJudgedElsewhere(Guid SubmissionId, Guid TeamId, string ChallengeId)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

/// <summary>In-process fan-out of judging progress; the realtime layer subscribes and forwards.</summary>
public sealed class SubmissionEvents(ILogger<SubmissionEvents> logger)
{
    private readonly Lock gate = new();
    private Action<SubmissionEvent>[] handlers = [];

    public IDisposable Subscribe(Action<SubmissionEvent> handler)
    {
        lock (gate) handlers = [.. handlers, handler];
        return new Subscription(() => { lock (gate) handlers = handlers.Where(h => h != handler).ToArray(); });
    }

    public void Publish(SubmissionEvent submissionEvent)
    {
        foreach (var handler in Volatile.Read(ref handlers))
        {
            try
            {
                handler(submissionEvent);
            }
            catch (Exception ex)
            {
                // A broken listener must not stop judging.
                logger.LogError(ex, "A listener failed on {Event}", submissionEvent.GetType().Name);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}
