using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// Ids of stored, queued submissions waiting for a worker. The database row is the truth: the queue only says "look at
/// this one", so a lost queue (restart) loses nothing, and a full one never holds up a request. Once a hint does not
/// fit (Apug:QueueCapacity), the queue is overflowed: later hints are dropped too, so that nothing jumps the
/// submissions waiting only in the database, until a worker finds the queue empty and refills it from there, oldest
/// first (<see cref="TakeOverflow"/>).
/// </summary>
public sealed class JudgeQueue(IOptions<JudgingOptions> options)
{
    private readonly Channel<Guid> channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of dropping an older hint
        SingleReader = false,
        SingleWriter = false,
    });
    private int overflowed;

    public int Capacity { get; } = options.Value.QueueCapacity;

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
