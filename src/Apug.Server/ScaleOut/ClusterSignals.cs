using Apug.Server.Data;
using Apug.Server.Web;
using Dapper;
using Npgsql;

namespace Apug.Server.ScaleOut;

/// <summary>What one instance tells the others: work was queued, a verdict was stored, the teams or the clock changed.</summary>
public enum SignalKind { Queued, Judged, Board, Clock }

public sealed record ClusterSignal(SignalKind Kind, Guid? SubmissionId);

/// <summary>
/// PostgreSQL LISTEN/NOTIFY between the instances sharing one database. A NOTIFY sent in a statement is delivered when
/// it commits, so an instance that hears "judged" finds the verdict stored. Signals are hints, the rows the truth: the
/// listening connection is checked every <see cref="KeepAlive"/> (a silently dropped one fails there), and after any
/// break this instance catches up on what it may have missed (<see cref="CatchUpAsync"/>): every verdict stored since
/// shortly before it last knew it was listening, a board rebuild and a clock reload.
/// </summary>
public sealed class ClusterSignals(Database database, InstanceIdentity instance, ILogger<ClusterSignals> logger) : BackgroundService
{
    private const string Channel = "apug_cluster";

    /// <summary>How long the listening connection may be silent before a query checks it is still there.</summary>
    internal static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);

    // Verdicts stored up to this long before the last sign of life are caught up too: the judging instance's clock
    // (judged_at) may be a little off PostgreSQL's, and a NOTIFY may be in flight while the connection drops.
    private static readonly TimeSpan CatchUpMargin = TimeSpan.FromSeconds(60);

    private readonly Broadcast<ClusterSignal> heard = new(logger);
    private readonly System.Collections.Concurrent.ConcurrentQueue<ClusterSignal> outgoing = new();
    private int sending; // 1 while SendWaitingAsync runs
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private double? lastAlive; // PostgreSQL's clock (epoch seconds) when this instance last knew it was listening
    private int catchUps;

    /// <summary>Completes once this instance hears the others (tests wait for it).</summary>
    public Task Listening => listening.Task;

    /// <summary>How many times this instance caught up after its listening connection broke.</summary>
    public int CatchUps => Volatile.Read(ref catchUps);

    /// <summary>The application_name of the listening connection (pg_stat_activity shows it; tests end it).</summary>
    public string ApplicationName => $"apug listener {instance.Id}";

    /// <summary>
    /// Publishes without waiting; a failure is logged (the others find the work by polling). One statement at a time
    /// carries every signal waiting by then, so a burst (a rejudge of a whole challenge, the engine back for a backlog)
    /// is a few round trips on one connection, not a connection per submission.
    /// </summary>
    public void Publish(ClusterSignal signal)
    {
        outgoing.Enqueue(signal);
        if (Interlocked.Exchange(ref sending, 1) == 0) _ = SendWaitingAsync();
    }

    private async Task SendWaitingAsync()
    {
        do
        {
            var batch = new List<ClusterSignal>();
            while (outgoing.TryDequeue(out var signal)) batch.Add(signal);
            try
            {
                await using var connection = await database.OpenAsync();
                await connection.ExecuteAsync("SELECT pg_notify(@Channel, payload) FROM unnest(@payloads) AS payload",
                    new { Channel, payloads = batch.Select(s => $"{instance.Id}|{s.Kind}|{s.SubmissionId}").ToArray() });
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not tell the other instances: {Signals}", string.Join(", ", batch));
            }
            Volatile.Write(ref sending, 0);
            // A signal queued after the batch was taken, by a caller that saw this still sending: send it too.
        } while (!outgoing.IsEmpty && Interlocked.Exchange(ref sending, 1) == 0);
    }

    /// <summary>Called for every signal from another instance (never this one's own), on the listening loop: keep it quick.</summary>
    public IDisposable Subscribe(Action<ClusterSignal> onSignal) => heard.Subscribe(onSignal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var source = database.Postgres ?? throw new InvalidOperationException("Cluster signals need PostgreSQL.");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await connection.ExecuteAsync($"SET application_name = '{ApplicationName.Replace("'", "''", StringComparison.Ordinal)}'");
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Listening again after a break: what was signalled meanwhile is read from the rows.
                if (lastAlive is { } since) await CatchUpAsync(connection, since, stoppingToken);
                lastAlive = await AliveAsync(connection, stoppingToken);
                listening.TrySetResult();
                while (true)
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken))
                        lastAlive = await AliveAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Listening to the other instances failed ({Message}); listening again in 2 s and catching up on what was missed", ex.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>A query on the listening connection (it fails if the connection is gone); returns PostgreSQL's clock.</summary>
    private static async Task<double> AliveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXTRACT(EPOCH FROM now())::float8", connection) { CommandTimeout = 10 };
        return (double)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Delivers, as if heard, a "judged" for every verdict stored since shortly before <paramref name="since"/> (the
    /// board and the event streams take each; one heard twice changes nothing), then "board" and "clock" (rebuilt and
    /// reloaded from the database), so this instance's boards and pages converge whatever it missed.
    /// </summary>
    private async Task CatchUpAsync(NpgsqlConnection connection, double since, CancellationToken cancellationToken)
    {
        var judged = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT id FROM submissions
            WHERE status = 'judged' AND judged_at::timestamptz >= to_timestamp(@since) - @margin * interval '1 second'
            ORDER BY judged_at
            """, new { since, margin = CatchUpMargin.TotalSeconds }, cancellationToken: cancellationToken))).ToList();
        foreach (var id in judged) Deliver(new ClusterSignal(SignalKind.Judged, Guid.Parse(id)));
        Deliver(new ClusterSignal(SignalKind.Board, null));
        Deliver(new ClusterSignal(SignalKind.Clock, null));
        Interlocked.Increment(ref catchUps);
        logger.LogInformation("Listening to the other instances again: caught up on {Count} verdict(s) stored since the break, rebuilt the board and reloaded the clock",
            judged.Count);
    }

    private void Deliver(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] == instance.Id || !Enum.TryParse<SignalKind>(parts[1], out var kind)) return;
        Deliver(new ClusterSignal(kind, Guid.TryParse(parts[2], out var id) ? id : null));
    }

    private void Deliver(ClusterSignal signal) => heard.Publish(signal);
}
