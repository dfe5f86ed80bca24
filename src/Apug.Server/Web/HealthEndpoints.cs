using Apug.Server.Challenges;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Server.ScaleOut;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apug.Server.Web;

public static class HealthEndpoints
{
    /// <summary>One check's answer: its status (Healthy, Degraded, Unhealthy), what it said and how long it took.</summary>
    public sealed record CheckView(string Status, string? Description, double DurationMs);

    public sealed record Health(
        string Status, string Database, string Docker, int Challenges, int BrokenChallenges, int Queued, IReadOnlyDictionary<string, CheckView> Checks,
        IReadOnlyList<SandboxPoolStatus> Sandboxes, IReadOnlyList<SandboxEngineStatus> Engines)
    {
        /// <summary>The SignalR backplane (Apug:Redis): "ok", "failing: …", or "not configured" (one instance needs none).</summary>
        public string Redis { get; init; } = "not configured";

        /// <summary>Which database holds the state ("sqlite" or "postgres"): an organiser sees that the settings took effect.</summary>
        public string DatabaseProvider { get; init; } = "sqlite";
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        // The judge's own view: always 200 (a degraded judge still serves pages), with the fields its pages and tests read.
        routes.MapGet("/api/health", async (HealthCheckService health, ChallengeCatalog catalog, JudgeQueue queue, ISandbox sandbox, SandboxEngines engines, Database database, CancellationToken cancellationToken) =>
        {
            var report = await health.CheckHealthAsync(cancellationToken);
            string Said(string name) => report.Entries.TryGetValue(name, out var entry) ? entry.Description ?? entry.Status.ToString() : "not checked";
            var checks = report.Entries.ToDictionary(e => e.Key, e => new CheckView(e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds));
            var healthy = report.Entries.Where(e => e.Key is DatabaseHealthCheck.Name or DockerEngineHealthCheck.Name or RedisHealthCheck.Name)
                .All(e => e.Value.Status == HealthStatus.Healthy);
            return TypedResults.Ok(new Health(healthy ? "ok" : "degraded", Said(DatabaseHealthCheck.Name), Said(DockerEngineHealthCheck.Name),
                catalog.All.Count, catalog.Broken.Count, queue.Count, checks, sandbox.PoolStatus, engines.Status)
            {
                Redis = report.Entries.ContainsKey(RedisHealthCheck.Name) ? Said(RedisHealthCheck.Name) : "not configured",
                DatabaseProvider = database.IsPostgres ? "postgres" : "sqlite",
            });
        }).WithTags("Health");
        // The standard probes for orchestrators and monitors: plain Healthy/Degraded/Unhealthy, 503 when unhealthy.
        routes.MapHealthChecks("/health");
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        return routes;
    }
}
