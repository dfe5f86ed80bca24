using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Submissions;

namespace Apug.Server.ScaleOut;

/// <summary>
/// Renews the leases of the submissions this instance is judging right now, three times per lease, in one statement.
/// An instance that stops renewing (killed, cut off) loses its claims when they expire, and another instance judges
/// them again.
/// </summary>
public sealed class LeaseRenewer(SubmissionStore store, SubmissionJudging judge, Database database, TimeProvider clock, ILogger<LeaseRenewer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(database.Settings.LeaseSeconds / 3.0), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.RenewLeasesAsync(judge.Judging, clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew this instance's claims; they expire {Lease} s after the last renewal", database.Settings.LeaseSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
