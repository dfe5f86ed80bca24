using System.Text.RegularExpressions;

namespace Apug.Server.Challenges;

/// <summary>A hint the package brings (extension folder hints/: N.md, settings in hints/hints.yaml).</summary>
public sealed record PackageHint(int Number, string Markdown, double Cost, int? ReleaseMinute);

/// <summary>
/// Reads hints/1.md, hints/2.md, … and the optional hints/hints.yaml (per hint number: cost, release_minute).
/// Not part of the Kattis format: a mistake here is a warning and never stops the package from loading.
/// </summary>
internal static partial class HintReader
{
    public const string Folder = "hints";
    public const int MaxMarkdownLength = 20_000;

    public static IReadOnlyList<PackageHint> Read(string packageRoot, List<PackageIssue> warnings)
    {
        var directory = Path.Combine(packageRoot, Folder);
        if (!Directory.Exists(directory)) return [];
        var files = new SortedDictionary<int, string>();
        foreach (var path in Directory.GetFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name is "hints.yaml" or "hints.yml") continue;
            if (HintFileName().Match(name) is not { Success: true } match || !int.TryParse(match.Groups[1].Value, out var number) || number < 1)
            {
                warnings.Add(new($"{Folder}/{name}", "ignored: hint files are named 1.md, 2.md, …"));
                continue;
            }
            files[number] = path;
        }

        var settings = File.Exists(Path.Combine(directory, "hints.yaml"))
            ? PackageYaml.Load(packageRoot, $"{Folder}/hints.yaml", warnings)
            : null;
        if (settings is not null)
        {
            foreach (var key in settings.Keys.Where(k => !int.TryParse(k, out var n) || !files.ContainsKey(n)))
                settings.Report(key, $"names no hint file: expected a number with a {Folder}/<number>.md beside it");
        }

        var hints = new List<PackageHint>();
        foreach (var (number, path) in files)
        {
            var markdown = File.ReadAllText(path);
            if (markdown.Length > MaxMarkdownLength)
            {
                warnings.Add(new($"{Folder}/{Path.GetFileName(path)}", $"ignored: longer than {MaxMarkdownLength} characters"));
                continue;
            }
            var entry = settings?.Map(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var cost = entry?.Number("cost", c => c >= 0 && c <= 10_000, "a number of points from 0 to 10000") ?? 0;
            var minute = entry?.Number("release_minute", m => m >= 0 && m <= 24 * 60 && m == Math.Floor(m), "a whole minute of the contest from 0 to 1440");
            hints.Add(new PackageHint(number, markdown, cost, minute is { } m ? (int)m : null));
        }
        return hints;
    }

    [GeneratedRegex(@"^(\d{1,3})\.md$")]
    private static partial Regex HintFileName();
}
