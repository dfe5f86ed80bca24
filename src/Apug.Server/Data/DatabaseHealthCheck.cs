using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apug.Server.Data;

/// <summary>The database (the SQLite file or PostgreSQL) answers a query.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>("SELECT 1");
            return HealthCheckResult.Healthy("ok");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"failing: {ex.Message}", ex);
        }
    }
}
