using System.Diagnostics.CodeAnalysis;

namespace Apug.Server.Challenges;

/// <summary>Something wrong with a package (an error that stops it loading, or a warning). File is relative to the package folder with '/' ("" for the package as a whole).</summary>
public sealed record PackageIssue(string File, string Reason)
{
    public override string ToString() => File.Length == 0 ? Reason : $"{File}: {Reason}";
}

/// <summary>Either a loaded package (no errors) or the errors that stopped it from loading.</summary>
public sealed record PackageLoadResult(ChallengePackage? Package, IReadOnlyList<PackageIssue> Errors)
{
    /// <summary>Warnings found while loading (also on Package when it loaded).</summary>
    public IReadOnlyList<PackageIssue> Warnings { get; init; } = Package?.Warnings ?? [];

    [MemberNotNullWhen(true, nameof(Package))]
    public bool IsLoaded => Package is not null;
}

/// <summary>Limits used when a package does not set them.</summary>
public sealed record PackageDefaults(TimeSpan TimeLimit, int MemoryMiB, int OutputMiB)
{
    /// <summary>Where generated test data is cached (TestDataGenerator); null: generated data is not looked for.</summary>
    public string? GeneratedDataPath { get; init; }

    public static readonly PackageDefaults Standard = new(TimeSpan.FromSeconds(2), 2048, 8);
}
