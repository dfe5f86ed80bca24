using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// Ids of stored, queued submissions waiting for a worker. The database row is the truth: the queue only
/// says "look at this one", so a lost queue (restart) loses nothing.
/// </summary>
public sealed class JudgeQueue(IOptions<JudgingOptions> options)
{
    private readonly Channel<Guid> channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    public ValueTask EnqueueAsync(Guid submissionId, CancellationToken cancellationToken) =>
        channel.Writer.WriteAsync(submissionId, cancellationToken);

    /// <summary>A hint that may be dropped (the queue is full, so the workers are busy and will look again anyway).</summary>
    public bool TryEnqueue(Guid submissionId) => channel.Writer.TryWrite(submissionId);

    public ChannelReader<Guid> Reader => channel.Reader;

    public int Count => channel.Reader.Count;
}
