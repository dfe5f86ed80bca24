using Apug.Server.Sandbox;
using Apug.Server.Submissions;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// When the Docker engine is unreachable, the judge stores a JE that says so (the team sees why at once) and flags the
/// submission. This service pings the engine every few seconds while any are flagged and, once it answers, puts them
/// back in the queue to get their real verdict. The flag is in the database, so a restart in between loses nothing.
/// </summary>
public sealed class EngineRetry(
    SubmissionStore store,
    ISandbox sandbox,
    JudgeQueue queue,
    TimeProvider clock,
    IOptions<JudgingOptions> options,
    ILogger<EngineRetry> logger) : BackgroundService
{
    public const string Message = "Judge error: the Docker engine is unreachable; will retry automatically.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.EngineRetrySeconds), clock);
        do
        {
            try
            {
                await RetryIfEngineIsBackAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not re-queue submissions that waited for the Docker engine; trying again later");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Re-queues the flagged submissions if the engine answers now; returns how many.</summary>
    public async Task<int> RetryIfEngineIsBackAsync(CancellationToken cancellationToken)
    {
        if (!await store.AnyAwaitingEngineAsync(cancellationToken)) return 0;
        if (!await sandbox.IsEngineReachableAsync(cancellationToken)) return 0;
        var requeued = await queue.RetryAwaitingEngineAsync(cancellationToken);
        if (requeued.Count > 0) logger.LogInformation("The Docker engine answers again: re-queued {Count} submission(s)", requeued.Count);
        return requeued.Count;
    }
}
