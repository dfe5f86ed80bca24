using Apug.Server.Contest;

namespace Apug.Server.Admin;

/// <summary>
/// The projector's automatic final reveal: one background loop at most, revealing the next cell every interval until
/// nothing is left. Starting again replaces the running loop; Stop cancels it. The clock's rules still decide every step.
/// </summary>
public sealed class AutoReveal(ContestClock clock, TimeProvider time, ILogger<AutoReveal> logger) : IDisposable
{
    private readonly Lock sync = new();
    private CancellationTokenSource? running;

    public bool IsRunning
    {
        get { lock (sync) return running is not null; }
    }

    /// <summary>Reveals the first step now (so a contest in the wrong state answers at once), then keeps going in the background.</summary>
    public async Task<RevealStep?> StartAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        Stop();
        var first = await clock.RevealNextAsync(cancellationToken);
        if (first is null) return null;
        var cancel = new CancellationTokenSource();
        lock (sync)
        {
            running?.Cancel();
            running = cancel;
        }
        _ = Task.Run(() => LoopAsync(interval, cancel), CancellationToken.None);
        return first;
    }

    /// <summary>True when a loop was running.</summary>
    public bool Stop()
    {
        lock (sync)
        {
            if (running is null) return false;
            running.Cancel();
            running = null;
            return true;
        }
    }

    private async Task LoopAsync(TimeSpan interval, CancellationTokenSource cancel)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancel.Token);
                if (await clock.RevealNextAsync(cancel.Token) is null) break;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped or replaced by the organiser.
        }
        catch (ContestRuleException ex)
        {
            // The contest changed under the loop (e.g. reset): the organiser sees it on the next click.
            logger.LogWarning("The automatic reveal stopped: {Reason}", ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The automatic reveal failed");
        }
        finally
        {
            lock (sync)
            {
                if (running == cancel) running = null;
            }
            cancel.Dispose();
        }
    }

    public void Dispose() => Stop();
}
