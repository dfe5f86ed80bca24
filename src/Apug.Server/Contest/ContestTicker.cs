namespace Apug.Server.Contest;

/// <summary>
/// Wakes at the contest's start, freeze and end (on the injected TimeProvider, so tests move time) and tells the
/// clock's subscribers, which update the board and the projector. Re-plans whenever the organisers change the clock.
/// </summary>
public sealed class ContestTicker(ContestClock clock, TimeProvider time, ILogger<ContestTicker> logger) : BackgroundService
{
    // Task.Delay cannot wait longer than about 49 days; waking once a day to re-plan is harmless.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    private CancellationTokenSource replan = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await clock.EnsureLoadedAsync(stoppingToken);
        using var subscription = clock.Subscribe(_ =>
        {
            Interlocked.Exchange(ref replan, new CancellationTokenSource()).Cancel();
            return Task.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before reading the schedule, so a change made after the read always cuts this wait short.
            var changed = Volatile.Read(ref replan).Token;
            var now = time.GetUtcNow();
            var next = clock.Schedule.NextTransitionAfter(now, clock.Definition.IsPractice);
            var wait = next is { } at ? TimeSpan.FromTicks(Math.Min((at - now).Ticks, LongestWait.Ticks)) : LongestWait;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, changed);
            try
            {
                await Task.Delay(wait, time, linked.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                continue; // the clock changed: plan again
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (next is { } transition && time.GetUtcNow() >= transition)
            {
                logger.LogInformation("Contest {Name} is now {Phase}", clock.Definition.Name, clock.View().Phase);
                await clock.NotifyAsync();
            }
        }
    }
}
