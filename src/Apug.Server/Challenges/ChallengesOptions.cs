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

    [Range(16, 16384)]
    public int DefaultMemoryMiB { get; set; } = 256;

    [Range(1, 1024)]
    public int DefaultOutputMiB { get; set; } = 8;

    public PackageDefaults ToPackageDefaults() =>
        new(TimeSpan.FromSeconds(DefaultTimeLimitSeconds), DefaultMemoryMiB, DefaultOutputMiB);
}
