using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Apug.Server.Challenges;

/// <summary>Degraded when a package is broken (the others still load) or none loaded: the organisers have something to fix.</summary>
public sealed class CatalogHealthCheck(ChallengeCatalog catalog) : IHealthCheck
{
    public const string Name = "challenges";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["loaded"] = catalog.All.Count, ["broken"] = catalog.Broken.Count };
        var result = catalog.Broken.Count > 0
            ? HealthCheckResult.Degraded($"{catalog.Broken.Count} broken package(s): {string.Join(", ", catalog.Broken.Select(p => p.Id))}", data: data)
            : catalog.All.Count == 0
                ? HealthCheckResult.Degraded($"no challenges loaded from {catalog.ChallengesDirectory}", data: data)
                : HealthCheckResult.Healthy($"{catalog.All.Count} challenge(s)", data);
        return Task.FromResult(result);
    }
}
