using System.Text.RegularExpressions;

namespace Apug.Server.Challenges;

/// <summary>The rules a package is read by, from problem.yaml's problem_format_version.</summary>
public enum PackageFormat
{
    Legacy,        // absent, "legacy", "legacy-icpc"
    Draft2023,     // "2023-07-draft", "2023-07": the 2025-09 layout, but problemtools' legacy grading keys are common
    Version2025,   // "2025-09", "draft"
}

internal static partial class PackageFormats
{
    /// <summary>Maps every version seen in the wild; an unknown one gets the nearest rules and a warning.</summary>
    public static PackageFormat Parse(string? version, out string? warning)
    {
        warning = null;
        switch (version?.Trim())
        {
            case null or "":
            case "legacy" or "legacy-icpc":
                return PackageFormat.Legacy;
            case "2023-07-draft" or "2023-07":
                return PackageFormat.Draft2023;
            case "2025-09" or "2025-09-draft" or "draft":
                return PackageFormat.Version2025;
        }
        var format = version.StartsWith("legacy", StringComparison.OrdinalIgnoreCase) ? PackageFormat.Legacy
            : Year().Match(version) is { Success: true } year && int.Parse(year.Value) < 2025 ? PackageFormat.Draft2023
            : Year().IsMatch(version) ? PackageFormat.Version2025
            : PackageFormat.Legacy;
        warning = $"'problem_format_version' is '{version}', which this judge does not know; read by the {Describe(format)} rules";
        return format;
    }

    public static string Describe(PackageFormat format) => format switch
    {
        PackageFormat.Legacy => "legacy",
        PackageFormat.Draft2023 => "2023-07-draft",
        PackageFormat.Version2025 => "2025-09",
    };

    [GeneratedRegex(@"^\d{4}")]
    private static partial Regex Year();
}

/// <summary>Each limit of a package with where it came from, as validate and the admin page show them.</summary>
public static class LimitSources
{
    public sealed record Described(string Name, string Value, string Source);

    public static IReadOnlyList<Described> Describe(ChallengeLimits limits) =>
    [
        new("time", $"{limits.TimeLimit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s", limits.TimeLimitSource switch
        {
            TimeLimitSource.ProblemYaml => "problem.yaml limits.time_limit",
            TimeLimitSource.TimelimitFile => ".timelimit",
            TimeLimitSource.Default => "default (Apug:DefaultTimeLimitSeconds)",
        }),
        new("memory", $"{limits.MemoryMiB} MiB", Source(limits.MemorySource, "limits.memory", "Apug:DefaultMemoryMiB")),
        new("output", $"{limits.OutputMiB} MiB", Source(limits.OutputSource, "limits.output", "Apug:DefaultOutputMiB")),
        new("code", limits.CodeKiB is { } code ? $"{code} KiB" : "server limit", Source(limits.CodeSource, "limits.code", "Apug:MaxSourceKiB")),
    ];

    private static string Source(LimitSource source, string key, string setting) =>
        source == LimitSource.ProblemYaml ? $"problem.yaml {key}" : $"default ({setting})";
}
