using Apug.Server.Data;
using Apug.Server.Sandbox;
using Apug.Server.Submissions;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// The worker pool: puts interrupted submissions back in the queue (before the server takes requests), sweeps leftovers
/// of a previous run, then takes submissions from the queue with N concurrent loops and hands each to
/// <see cref="SubmissionJudging"/>. One failing submission never stops a loop.
/// </summary>
public sealed class JudgeWorker(
    JudgeQueue queue,
    SubmissionJudging judge,
    SubmissionStore store,
    SandboxEngines engines,
    IOptions<SandboxOptions> sandboxOptions,
    Metrics.ApugMetrics metrics,
    Database database,
    TimeProvider clock,
    ILogger<JudgeWorker> logger) : BackgroundService
{
    /// <summary>Once this returns (the host has started), what a restart interrupted is queued again.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // More than the queue holds: the rest wait in the database and the workers refill the queue from there.
        var pending = await queue.RecoverAsync(cancellationToken);
        if (pending.Count > 0) logger.LogInformation("Re-queued {Count} submission(s) interrupted by a restart", pending.Count);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Every engine that answers; the others are swept before their first container.
            await engines.SweepAsync(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return; // stopped while sweeping: nothing was judged yet
        }
        // After the sweep (which would take them for leftovers): solutions never wait for a container to start.
        if (sandboxOptions.Value.WarmAtStart) engines.Warm(SandboxImage.Python);

        // One engine: Apug:Workers; several: the sum of their workers.
        var workers = sandboxOptions.Value.TotalWorkers;
        logger.LogInformation("Judging with {Workers} worker(s) on {Engines}", workers, string.Join(", ", engines.All.Select(e => $"{e.Endpoint} ({e.Workers})")));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => database.IsPostgres ? RunSharedLoopAsync(stoppingToken) : RunLoopAsync(stoppingToken)));
    }

    /// <summary>
    /// PostgreSQL, where instances share the queue: the ids in the in-process queue are only wake-ups. Each loop claims
    /// the oldest submission nobody holds until there is none, then waits for a wake-up (a submission here, a NOTIFY
    /// from another instance) or the poll interval, which also finds the claims of an instance that died.
    /// </summary>
    private async Task RunSharedLoopAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(database.Settings.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The oldest submission no instance holds: queued here or on another instance, or left by a dead one.
                while (await store.ClaimNextAsync(clock.GetUtcNow(), stoppingToken) is { } submission)
                {
                    using var running = metrics.SandboxRunning();
                    await judge.JudgeClaimedAsync(submission, stoppingToken);
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(poll);
                queue.TakeOverflow(); // the claims read the database itself: dropped hints need no refill
                if (await queue.Reader.WaitToReadAsync(wait.Token)) queue.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed without a wake-up: look again.
            }
            catch (OperationCanceledException)
            {
                // Shutting down mid-judging: the claim's lease runs out and another instance (or this one again) takes it.
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Judging from the shared queue failed; trying again after {Poll}", poll);
                try { await Task.Delay(poll, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// SQLite: judges the ids in the queue; when it is empty after hints were dropped (it was full), refills it from the
    /// database, oldest first, so a submission only in the database is judged as surely as one in the queue.
    /// </summary>
    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!queue.Reader.TryRead(out var id))
                {
                    if (queue.TakeOverflow()) await RefillAsync(stoppingToken);
                    else if (!await queue.Reader.WaitToReadAsync(stoppingToken)) return;
                    continue;
                }
                try
                {
                    using var running = metrics.SandboxRunning();
                    await judge.JudgeAsync(id, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Shutting down mid-judging: the row stays 'running' and is judged again after the restart.
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Judging submission {Submission} failed; it stays in the database for a rejudge", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefillAsync(CancellationToken stoppingToken)
    {
        try
        {
            // One more than fits: if it is there, it does not fit and the queue stays overflowed for the next refill.
            var queued = await store.ListQueuedAsync(queue.Capacity + 1, stoppingToken);
            var added = queued.TakeWhile(queue.Enqueue).Count();
            logger.LogInformation("The judge queue was full: took {Count} waiting submission(s) back from the database", added);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            queue.MarkOverflowed(); // still to refill: this loop (or another) tries again
            logger.LogError(ex, "Could not read the queued submissions from the database; trying again in 1 s");
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }
}
