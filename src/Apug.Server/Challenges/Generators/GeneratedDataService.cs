using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges.Generators;

/// <summary>
/// Generates the data/ of catalog packages that have generators/generators.yaml and no data/ (in the sandbox), then
/// reloads the catalog so they become judgeable. Until then such a package is listed and its submissions are refused
/// with "no test data yet". Each package version is tried once per process; the cache makes a restart instant.
/// </summary>
public sealed class GeneratedDataService(ChallengeCatalog catalog, TestDataGenerator generator, IOptions<ChallengesOptions> options,
    ILogger<GeneratedDataService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private readonly HashSet<string> tried = new(StringComparer.Ordinal);

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
            if (!tried.Add($"{package.Id}/{package.ContentHash}")) continue;
            logger.LogInformation("Challenge {Id}: generating test data from generators/generators.yaml in the sandbox", package.Id);
            var result = await generator.EnsureAsync(package.Directory, options.Value.ResolvedGeneratedDataPath, null, cancellationToken);
            if (result is null) continue;
            if (result.NotCached) tried.Remove($"{package.Id}/{package.ContentHash}");
            foreach (var warning in result.Warnings)
                logger.LogWarning("Challenge {Id} generators.yaml: {Warning}", package.Id, warning);
            logger.LogInformation("Challenge {Id}: {Count} test cases generated", package.Id, result.Cases);
            any |= result.Cases > 0;
        }
        if (any) catalog.Reload();
        return any;
    }
}
