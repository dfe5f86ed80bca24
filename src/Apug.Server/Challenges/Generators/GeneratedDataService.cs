using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges.Generators;

/// <summary>
/// Generates the data/ of catalog packages that have generators/generators.yaml and no data/ (in the sandbox), then
/// reloads the catalog so they become judgeable. Until then such a package is listed and its submissions are refused
/// with "no test data yet". Each package version is generated once (the cache makes a restart instant); when the sandbox was not
/// available it is tried again a minute later.
/// </summary>
public sealed class GeneratedDataService(ChallengeCatalog catalog, TestDataGenerator generator, IOptions<ChallengesOptions> options, TimeProvider time,
    ILogger<GeneratedDataService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    // Package versions already generated (or failed through their own fault: never again), and when others may retry.
    private readonly Dictionary<string, DateTimeOffset> tried = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.GenerateTestData) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await GenerateMissingAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) // one package's trouble must not stop the others, nor the server
            {
                logger.LogError(e, "Generating test data failed");
                await Task.Delay(Interval * 10, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Generates every package that needs it and has not been tried; true when any got test data.</summary>
    public async Task<bool> GenerateMissingAsync(CancellationToken cancellationToken)
    {
        bool any = false;
        foreach (var package in catalog.All.Where(p => p.Tests.Count == 0 && TestDataGenerator.IsNeeded(p.Directory)))
        {
            var version = $"{package.Id}/{package.ContentHash}";
            if (tried.TryGetValue(version, out var retryAt) && time.GetUtcNow() < retryAt) continue;
            tried[version] = DateTimeOffset.MaxValue;
            logger.LogInformation("Challenge {Id}: generating test data from generators/generators.yaml in the sandbox", package.Id);
            GenerationResult? result;
            try
            {
                result = await generator.EnsureAsync(package.Directory, options.Value.ResolvedGeneratedDataPath, null, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The engine went away, the disk is full ...: not the package's fault, so it is tried again later.
                tried[version] = time.GetUtcNow() + RetryAfter;
                logger.LogError(e, "Challenge {Id}: generating test data failed; it is tried again in a minute", package.Id);
                continue;
            }
            if (result is null) continue;
            if (result.NotCached) tried[version] = time.GetUtcNow() + RetryAfter; // the sandbox was not available
            foreach (var warning in result.Warnings)
                logger.LogWarning("Challenge {Id} generators.yaml: {Warning}", package.Id, warning);
            logger.LogInformation("Challenge {Id}: {Count} test cases generated", package.Id, result.Cases);
            any |= result.Cases > 0;
        }
        if (any) catalog.Reload();
        return any;
    }
}
