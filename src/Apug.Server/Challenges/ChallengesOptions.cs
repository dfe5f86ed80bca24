using System.ComponentModel.DataAnnotations;

namespace Apug.Server.Challenges;

/// <summary>Configuration section "Apug": where the challenge packages live and the limits they get by default.</summary>
public sealed class ChallengesOptions
{
    public const string SectionName = "Apug";

    /// <summary>Folder of package folders; a relative path resolves against the current directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ChallengesPath { get; set; } = "challenges";

    [Range(0.1, 60)]
    public double DefaultTimeLimitSeconds { get; set; } = 2;

    /// <summary>2048 MiB, as BAPCtools and DOMjudge assume (problemtools: 1024): packages are labelled against it.</summary>
    [Range(16, 65536)]
    public int DefaultMemoryMiB { get; set; } = 2048;

    [Range(1, 1024)]
    public int DefaultOutputMiB { get; set; } = 8;

    /// <summary>Reload a package when its files change, without a restart.</summary>
    public bool WatchChallenges { get; set; } = true;

    /// <summary>How long the folder must be quiet after a change before the reload.</summary>
    [Range(10, 60_000)]
    public int ReloadDebounceMilliseconds { get; set; } = 500;

    /// <summary>
    /// Where test data generated from BAPCtools' generators/generators.yaml is cached, by package content; empty: a
    /// hidden folder ".generated" inside ChallengesPath (skipped as a package).
    /// </summary>
    public string GeneratedDataPath { get; set; } = "";

    /// <summary>Generate the data/ of packages that have generators/generators.yaml and no data/ (in the sandbox, at load).</summary>
    public bool GenerateTestData { get; set; } = true;

    public string ResolvedGeneratedDataPath =>
        Path.GetFullPath(GeneratedDataPath.Length > 0 ? GeneratedDataPath : Path.Combine(ChallengesPath, ".generated"));

    public PackageDefaults ToPackageDefaults() =>
        new(TimeSpan.FromSeconds(DefaultTimeLimitSeconds), DefaultMemoryMiB, DefaultOutputMiB) { GeneratedDataPath = ResolvedGeneratedDataPath };
}
