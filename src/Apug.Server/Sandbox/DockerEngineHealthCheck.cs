using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apug.Server.Sandbox;

/// <summary>Every engine answers a ping: healthy; some do: degraded (their share runs on the others); none: unhealthy.</summary>
public sealed class DockerEngineHealthCheck(SandboxEngines engines) : IHealthCheck
{
    public const string Name = "docker";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await engines.AnyReachableAsync(cancellationToken);
        var down = engines.All.Where(e => !e.Reachable).ToList();
        if (down.Count == 0) return HealthCheckResult.Healthy("ok");
        if (engines.All.Count == 1) return HealthCheckResult.Unhealthy($"unreachable: {down[0].Error}");
        var which = string.Join("; ", down.Select(e => $"{e.Endpoint}: {e.Error}"));
        return down.Count == engines.All.Count
            ? HealthCheckResult.Unhealthy($"unreachable: all {down.Count} engines ({which})")
            : HealthCheckResult.Degraded($"{down.Count} of {engines.All.Count} engines unreachable ({which})");
    }
}

public static class DockerEngineHealthCheckExtensions
{
    public static IHealthChecksBuilder AddDockerEngineHealthCheck(this IHealthChecksBuilder checks) =>
        checks.AddCheck<DockerEngineHealthCheck>(DockerEngineHealthCheck.Name, tags: ["ready"]);
}
