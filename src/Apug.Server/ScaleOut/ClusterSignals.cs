using Apug.Server.Data;
using Dapper;
using Npgsql;

namespace Apug.Server.ScaleOut;

/// <summary>What one instance tells the others: work was queued, a verdict was stored, the teams or the clock changed.</summary>
public enum SignalKind { Queued, Judged, Board, Clock }

public sealed record ClusterSignal(SignalKind Kind, Guid? SubmissionId);

/// <summary>
/// PostgreSQL LISTEN/NOTIFY between the instances sharing one database. A NOTIFY sent in a statement is delivered when
/// it commits, so an instance that hears "judged" finds the verdict stored. Signals are hints: a missed one (a dropped
/// connection) costs at most a poll interval, never a verdict, since the rows are the truth.
/// </summary>
public sealed class ClusterSignals(Database database, InstanceIdentity instance, ILogger<ClusterSignals> logger) : BackgroundService
{
    private const string Channel = "apug_cluster";
    private readonly Lock subscribersLock = new();
    private Action<ClusterSignal>[] subscribers = [];
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this instance hears the others (tests wait for it).</summary>
    public Task Listening => listening.Task;

    public async Task PublishAsync(ClusterSignal signal, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_notify(@Channel, @payload)",
            new { Channel, payload = $"{instance.Id}|{signal.Kind}|{signal.SubmissionId}" });
    }

    /// <summary>Publishes without waiting; a failure is logged (the others find the work by polling).</summary>
    public void Publish(ClusterSignal signal) => _ = PublishLoggedAsync(signal);

    private async Task PublishLoggedAsync(ClusterSignal signal)
    {
        try
        {
            await PublishAsync(signal);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell the other instances: {Signal}", signal);
        }
    }

    /// <summary>Called for every signal from another instance (never this one's own), on the listening loop: keep it quick.</summary>
    public IDisposable Subscribe(Action<ClusterSignal> onSignal)
    {
        lock (subscribersLock) subscribers = [.. subscribers, onSignal];
        return new Contest.Subscription(() => { lock (subscribersLock) subscribers = subscribers.Where(s => s != onSignal).ToArray(); });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var source = database.Postgres ?? throw new InvalidOperationException("Cluster signals need PostgreSQL.");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                listening.TrySetResult();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening to the other instances failed; listening again in 2 s (work is still found by polling)");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Deliver(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] == instance.Id || !Enum.TryParse<SignalKind>(parts[1], out var kind)) return;
        var signal = new ClusterSignal(kind, Guid.TryParse(parts[2], out var id) ? id : null);
        foreach (var subscriber in Volatile.Read(ref subscribers))
        {
            try
            {
                subscriber(signal);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Handling {Signal} from another instance failed", signal);
            }
        }
    }
}
