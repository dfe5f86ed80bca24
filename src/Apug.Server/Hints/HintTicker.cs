using Apug.Server.Contest;

namespace Apug.Server.Hints;

/// <summary>
/// Releases hints at their minute: wakes when the next one is due (on the injected TimeProvider, so tests move time),
/// and plans again when the clock or a hint changes. Like ContestTicker, never waits longer than a day at a time.
/// </summary>
public sealed class HintTicker(HintBook book, ContestClock clock, TimeProvider time, ILogger<HintTicker> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    private CancellationTokenSource replan = new();

    private void Replan() => Interlocked.Exchange(ref replan, new CancellationTokenSource()).Cancel();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await clock.EnsureLoadedAsync(stoppingToken);
        using var subscription = clock.Subscribe(_ =>
        {
            Replan();
            return Task.CompletedTask;
        });
        book.Changed += Replan;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before reading the hints, so a change made after the read always cuts this wait short.
                var changed = Volatile.Read(ref replan).Token;
                DateTimeOffset? next;
                try
                {
                    next = await book.ReleaseDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be busy for a moment: try again soon rather than never release.
                    logger.LogError(ex, "Releasing the hints that are due failed");
                    next = time.GetUtcNow().AddSeconds(5);
                }
                var now = time.GetUtcNow();
                var wait = next is { } at ? TimeSpan.FromTicks(Math.Clamp((at - now).Ticks, 0, LongestWait.Ticks)) : LongestWait;
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, changed);
                try
                {
                    await Task.Delay(wait, time, linked.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The clock or a hint changed: plan again.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            book.Changed -= Replan;
        }
    }
}
