using System.Security.Cryptography;
using Apug.Server.Data;
using Dapper;

namespace Apug.Server.ScaleOut;

/// <summary>
/// PostgreSQL: makes sure no other running instance has this instance's id (Apug:InstanceId). Two with one id would
/// take each other's claims and sweep each other's containers. At start a row with a random nonce is written to
/// `instances` and renewed every <see cref="Heartbeat"/>; a start that finds the id's row renewed by someone else
/// within <see cref="Stale"/> refuses. A row that stops moving (a killed instance) is taken over after Stale.
/// </summary>
public sealed class InstanceRegistry(Database database, InstanceIdentity instance, IHostApplicationLifetime lifetime, ILogger<InstanceRegistry> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);
    internal static readonly TimeSpan Stale = TimeSpan.FromSeconds(10);
    private static readonly string Now = DbTime.PostgresText("now()");
    private readonly string nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private bool registered;

    private sealed record Holder(string Nonce, string SeenAt, double Age);

    /// <summary>Registers this instance's id; null when done, else why the instance must not start.</summary>
    public async Task<string?> RegisterAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + Stale + Stale;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            // Killed instances with a random id (Apug:InstanceId unset) leave their row: forget those of long ago.
            await connection.ExecuteAsync("DELETE FROM instances WHERE seen_at::timestamptz < now() - interval '1 day'");
            if (await connection.ExecuteAsync($"""
                    INSERT INTO instances (id, nonce, started_at, seen_at) VALUES (@id, @nonce, {Now}, {Now}) ON CONFLICT (id) DO NOTHING
                    """, new { id = instance.Id, nonce }) == 1)
                return Registered();
            var holder = await HolderAsync(connection);
            if (holder is null) continue; // it stopped just now
            if (holder.Age < Stale.TotalSeconds)
            {
                // Renewed lately: alive, or killed a moment ago (a restart after kill -9). Watch it for a while.
                await Task.Delay(Stale, cancellationToken);
                var again = await HolderAsync(connection);
                if (again is not null && (again.Nonce != holder.Nonce || again.SeenAt != holder.SeenAt))
                    return $"Another running instance uses Apug:InstanceId '{instance.Id}' (its heartbeat in PostgreSQL's table instances moved " +
                        $"{again.Age:F0} s ago). Two instances with one id would take each other's claims: give each instance its own " +
                        "Apug:InstanceId (or leave it unset and give each its own Apug:DatabasePath or machine), or stop the other one.";
                holder = again;
                if (holder is null) continue;
            }
            // Its heartbeat stopped (an instance killed without its shutdown): take the id over, if nobody else did.
            if (await connection.ExecuteAsync($"""
                    UPDATE instances SET nonce = @nonce, started_at = {Now}, seen_at = {Now} WHERE id = @id AND nonce = @old
                    """, new { id = instance.Id, nonce, old = holder.Nonce }) == 1)
                return Registered();
            if (DateTimeOffset.UtcNow > deadline) return $"Could not register Apug:InstanceId '{instance.Id}': other instances keep taking it.";
        }
    }

    private string? Registered()
    {
        registered = true;
        logger.LogInformation("Running as instance {Instance}", instance.Id);
        return null;
    }

    private async Task<Holder?> HolderAsync(System.Data.Common.DbConnection connection) =>
        await connection.QuerySingleOrDefaultAsync<Holder>(
            "SELECT nonce, seen_at AS SeenAt, EXTRACT(EPOCH FROM now() - seen_at::timestamptz)::float8 AS Age FROM instances WHERE id = @id",
            new { id = instance.Id });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!registered) return;
        using var timer = new PeriodicTimer(Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var connection = await database.OpenAsync(stoppingToken);
                    if (await connection.ExecuteAsync($"UPDATE instances SET seen_at = {Now} WHERE id = @id AND nonce = @nonce", new { id = instance.Id, nonce }) == 1)
                        continue;
                    // Another instance took this id while this one was silent (paused longer than Stale): one of the two
                    // must go, and it is the one that lost the id.
                    logger.LogCritical("Another instance took over Apug:InstanceId '{Instance}' while this one was not heard from; stopping this instance " +
                        "(two instances with one id would take each other's claims)", instance.Id);
                    registered = false;
                    lifetime.StopApplication();
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Could not renew this instance's heartbeat ({Message}); another instance with its id could start after {Stale} s",
                        ex.Message, Stale.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!registered) return;
        try
        {
            // A clean stop frees the id at once: a restart need not wait for the heartbeat to go stale.
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("DELETE FROM instances WHERE id = @id AND nonce = @nonce", new { id = instance.Id, nonce });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not free this instance's id ({Message}); a restart with it waits {Stale} s", ex.Message, Stale.TotalSeconds);
        }
    }
}
