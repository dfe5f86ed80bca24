using System.Threading.Channels;
using Apug.Server.Submissions;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// Ids of stored, queued submissions waiting for a worker. The database row is the truth: the queue only says "look at
/// this one", so a lost queue (restart) loses nothing, and a full one never holds up a request. Once a hint does not
/// fit (Apug:QueueCapacity), the queue is overflowed: later hints are dropped too, so that nothing jumps the
/// submissions waiting only in the database, until a worker finds the queue empty and refills it from there, oldest
/// first (<see cref="TakeOverflow"/>).
/// Every way into judging (submit, rejudge, engine retry, recovery at start-up) goes through <see cref="QueueAsync"/>:
/// store the state, tell the team's page "queued", then hint a worker.
/// </summary>
public sealed class JudgeQueue(SubmissionStore store, SubmissionEvents events, IOptions<JudgingOptions> options)
{
    private readonly Channel<Guid> channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of dropping an older hint
        SingleReader = false,
        SingleWriter = false,
    });
    private int overflowed;

    public int Capacity { get; } = options.Value.QueueCapacity;

    /// <summary>Stores a new submission and queues it; stored whatever the request does next, so a restart cannot lose it.</summary>
    public Task SubmitAsync(Submission submission) => QueueAsync(async () =>
    {
        await store.InsertAsync(submission, CancellationToken.None);
        return [QueuedSubmission.Of(submission)];
    });

    /// <summary>Queues judged submissions again (one, all of a challenge, or all with a verdict); returns them.</summary>
    public Task<IReadOnlyList<QueuedSubmission>> RejudgeAsync(Guid? id, string? challengeId, Verdict? verdict, CancellationToken cancellationToken) =>
        QueueAsync(() => store.RequeueForRejudgeAsync(id, challengeId, verdict, cancellationToken));

    /// <summary>Queues again every submission that got a JE for want of a Docker engine (it answers again); returns them.</summary>
    public Task<IReadOnlyList<QueuedSubmission>> RetryAwaitingEngineAsync(CancellationToken cancellationToken) =>
        QueueAsync(() => store.RequeueAwaitingEngineAsync(cancellationToken));

    /// <summary>At start-up: queues again what a restart interrupted (and, on SQLite, all that waited); returns them.</summary>
    public Task<IReadOnlyList<QueuedSubmission>> RecoverAsync(CancellationToken cancellationToken) =>
        QueueAsync(() => store.RecoverPendingAsync(cancellationToken));

    private async Task<IReadOnlyList<QueuedSubmission>> QueueAsync(Func<Task<IReadOnlyList<QueuedSubmission>>> storeQueued)
    {
        var queued = await storeQueued();
        // Told before a worker can take it: the page hears "queued" before "started". A full queue is refilled from the
        // database, and a restart from here on queues them again.
        foreach (var submission in queued)
        {
            events.Publish(new SubmissionQueued(submission.Id, submission.TeamId, submission.ChallengeId, submission.CreatedAt));
            Enqueue(submission.Id);
        }
        return queued;
    }

    /// <summary>Adds a hint without ever waiting; false when it was dropped (the submission waits in the database).</summary>
    public bool Enqueue(Guid submissionId)
    {
        if (Volatile.Read(ref overflowed) == 1) return false;
        if (channel.Writer.TryWrite(submissionId)) return true;
        Volatile.Write(ref overflowed, 1);
        return false;
    }

    /// <summary>True once after hints were dropped: the caller is to refill the queue from the database.</summary>
    public bool TakeOverflow() => Interlocked.Exchange(ref overflowed, 0) == 1;

    /// <summary>A refill failed: the next worker to find the queue empty tries again.</summary>
    public void MarkOverflowed() => Volatile.Write(ref overflowed, 1);

    /// <summary>Whether hints were dropped and not yet refilled (submissions wait in the database only).</summary>
    public bool Overflowed => Volatile.Read(ref overflowed) == 1;

    public ChannelReader<Guid> Reader => channel.Reader;

    public int Count => channel.Reader.Count;
}
