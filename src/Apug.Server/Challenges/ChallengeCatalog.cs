using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges;

/// <summary>A package folder that did not load, and why.</summary>
public sealed record BrokenPackage(string Id, string Directory, IReadOnlyList<PackageIssue> Errors)
{
    /// <summary>Content hash of the last good version, which stays live while this edit is broken; null when none is.</summary>
    public string? LiveVersionHash { get; init; }
}

/// <summary>One consistent view of the catalog; Reload swaps in a new one, so readers never see half a reload.</summary>
public sealed record CatalogSnapshot(
    IReadOnlyList<ChallengePackage> All,      // loaded packages, ordered by id
    IReadOnlyList<BrokenPackage> Broken,      // packages that did not load, ordered by id
    DateTimeOffset LoadedAt)
{
    private readonly Dictionary<string, ChallengePackage> byId = All.ToDictionary(p => p.Id, StringComparer.Ordinal);

    public ChallengePackage? Find(string id) => byId.GetValueOrDefault(id);
}

/// <summary>
/// The challenge packages found in the configured folder. Every subfolder with a problem.yaml or a data/ folder is a
/// package (names starting with '.' are skipped); a broken package is listed with its errors and never stops the
/// others from loading. On a reload (ChallengeWatcher calls it when files change), a package that loaded before but
/// is broken now keeps its last good version live, so a half-saved edit during the contest takes nothing away.
/// </summary>
public sealed class ChallengeCatalog
{
    private readonly ChallengesOptions options;
    private readonly ILogger<ChallengeCatalog> logger;
    private readonly Lock reloadLock = new();
    private volatile CatalogSnapshot snapshot;

    public ChallengeCatalog(IOptions<ChallengesOptions> options, ILogger<ChallengeCatalog> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        ChallengesDirectory = Path.GetFullPath(this.options.ChallengesPath);
        snapshot = Reload();
    }

    /// <summary>The absolute folder that is scanned.</summary>
    public string ChallengesDirectory { get; }

    public CatalogSnapshot Current => snapshot;

    /// <summary>Loaded packages, ordered by id.</summary>
    public IReadOnlyList<ChallengePackage> All => snapshot.All;

    /// <summary>Packages that did not load, with their errors.</summary>
    public IReadOnlyList<BrokenPackage> Broken => snapshot.Broken;

    /// <summary>The loaded package with this id (folder name), or null.</summary>
    public ChallengePackage? Find(string id) => snapshot.Find(id);

    /// <summary>Scans the folder again and replaces the catalog; returns the new snapshot.</summary>
    public CatalogSnapshot Reload()
    {
        lock (reloadLock)
        {
            var previous = (CatalogSnapshot?)snapshot; // null on the first load, from the constructor
            var packages = new List<ChallengePackage>();
            var broken = new List<BrokenPackage>();
            if (!Directory.Exists(ChallengesDirectory))
                logger.LogWarning("Challenges folder {Directory} does not exist; no challenges loaded", ChallengesDirectory);

            foreach (string directory in PackageDirectories())
            {
                string id = Path.GetFileName(directory);
                PackageLoadResult result;
                try
                {
                    result = PackageLoader.Load(directory, options.ToPackageDefaults());
                }
                catch (Exception e) // a loader bug on one package must not take the others down
                {
                    result = new PackageLoadResult(null, [new PackageIssue("", $"unexpected error while loading: {e.Message}")]);
                    logger.LogError(e, "Unexpected error loading challenge {Id}", id);
                }

                var before = previous?.Find(id);
                if (result.IsLoaded)
                {
                    var package = result.Package;
                    packages.Add(package);
                    if (before?.ContentHash == package.ContentHash) continue;
                    logger.LogInformation(
                        "{Action} challenge {Id} ({Name}): {TestCount} tests, time limit {TimeLimitSeconds} s from {TimeLimitSource}",
                        before is null ? "Loaded" : "Reloaded", id, package.Name, package.Tests.Count,
                        package.Limits.TimeLimit.TotalSeconds, package.Limits.TimeLimitSource);
                    foreach (var warning in package.Warnings)
                        logger.LogWarning("Challenge {Id} loaded with a warning: {Warning}", id, warning.ToString());
                }
                else
                {
                    if (before is not null) packages.Add(before);
                    broken.Add(new BrokenPackage(id, directory, result.Errors) { LiveVersionHash = before?.ContentHash });
                    var alreadyReported = previous?.Broken.FirstOrDefault(b => b.Id == id)?.Errors.SequenceEqual(result.Errors) == true;
                    if (alreadyReported) continue;
                    foreach (var problem in result.Errors)
                    {
                        if (before is null) logger.LogWarning("Challenge {Id} not loaded: {Problem}", id, problem.ToString());
                        else logger.LogWarning("Challenge {Id} edit is broken, the previous version stays live: {Problem}", id, problem.ToString());
                    }
                }
            }

            snapshot = new CatalogSnapshot(packages, broken, DateTimeOffset.UtcNow);
            return snapshot;
        }
    }

    private IEnumerable<string> PackageDirectories() =>
        Directory.Exists(ChallengesDirectory)
            ? Directory.GetDirectories(ChallengesDirectory)
                .Where(d => !Path.GetFileName(d).StartsWith('.'))
                .Where(d => File.Exists(Path.Combine(d, "problem.yaml")) || Directory.Exists(Path.Combine(d, "data")))
                .Order(StringComparer.Ordinal)
            : [];
}
