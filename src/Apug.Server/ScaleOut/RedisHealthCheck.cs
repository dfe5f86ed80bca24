using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Apug.Server.ScaleOut;

/// <summary>
/// Apug:Redis (the SignalR backplane) answers a PING. Its own connection, made on the first check and kept: the
/// backplane connects lazily, and the check must say "Redis is down" whether or not a hub message was sent yet.
/// </summary>
public sealed class RedisHealthCheck(IConfiguration configuration) : IHealthCheck, IAsyncDisposable
{
    public const string Name = "redis";
    private readonly SemaphoreSlim connecting = new(1, 1);
    private ConnectionMultiplexer? redis;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("ok");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"failing: {(ex is TimeoutException ? "no answer within 5 s" : ex.Message)}");
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref redis) is { } connected) return connected;
        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (redis is not null) return redis;
            var options = ConfigurationOptions.Parse(configuration["Apug:Redis"]!);
            options.AbortOnConnectFail = false; // keeps reconnecting: a Redis started after the judge is found
            options.ConnectTimeout = 5000;
            options.ClientName = "apug-health";
            return redis = await ConnectionMultiplexer.ConnectAsync(options);
        }
        finally
        {
            connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (redis is not null) await redis.DisposeAsync();
    }
}
