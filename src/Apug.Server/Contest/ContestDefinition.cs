using System.Globalization;
using Apug.Server.Challenges;

namespace Apug.Server.Contest;

public enum ScoringMode { Icpc, Points }

/// <summary>One challenge as it appears in the contest: its short label, colour and (points mode) value.</summary>
public sealed record ContestProblem(string Id, string Label, string Name, string Colour, double Points, bool IsScoring);

/// <summary>What challenges/contest.yaml says. Null Problems: every loaded challenge, in id order.</summary>
public sealed record ContestDefinition(
    string Name,
    DateTimeOffset? Start,
    TimeSpan Duration,
    TimeSpan Freeze,
    ScoringMode Scoring,
    int PenaltyMinutes,
    IReadOnlyList<ContestProblemConfig>? Problems,
    bool IsPractice)
{
    /// <summary>contest.yaml <c>languages</c>: the language ids teams may submit in; null means every language.</summary>
    public IReadOnlyList<string>? Languages { get; init; }

    public const string FileName = "contest.yaml";
    public const int DefaultPenaltyMinutes = 20;

    /// <summary>Without contest.yaml: an open practice over every loaded challenge, always open.</summary>
    public static ContestDefinition Practice { get; } =
        new("Practice", null, TimeSpan.Zero, TimeSpan.Zero, ScoringMode.Icpc, DefaultPenaltyMinutes, null, IsPractice: true);

    private static readonly string[] Palette =
    [
        "#e53935", "#1e88e5", "#43a047", "#fdd835", "#8e24aa", "#fb8c00", "#00acc1", "#d81b60",
        "#6d4c41", "#3949ab", "#7cb342", "#546e7a",
    ];

    /// <summary>The contest's problems resolved against the loaded challenges (labels A, B, C ... unless given).</summary>
    public IReadOnlyList<ContestProblem> Resolve(IReadOnlyList<ChallengePackage> loaded)
    {
        var byId = loaded.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var configs = Problems ?? loaded.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => new ContestProblemConfig(p.Id, null, null, null)).ToList();
        var defaultPoints = Scoring == ScoringMode.Points ? 100 : 1;
        return configs.Select((config, index) =>
        {
            var package = byId.GetValueOrDefault(config.Id);
            return new ContestProblem(
                config.Id,
                config.Label ?? DefaultLabel(index),
                package?.Name ?? config.Id,
                config.Colour ?? Palette[index % Palette.Length],
                config.Points ?? defaultPoints,
                package?.Type == ProblemType.Scoring);
        }).ToList();
    }

    /// <summary>A, B, ..., Z, then AA, AB, ...</summary>
    public static string DefaultLabel(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : DefaultLabel(index / 26 - 1) + (char)('A' + index % 26);

    /// <summary>Reads contest.yaml from the challenges folder; the practice contest when there is none.</summary>
    public static ContestDefinition Load(string challengesDirectory)
    {
        var path = Path.Combine(challengesDirectory, FileName);
        if (!File.Exists(path)) return Practice;

        var problems = new List<PackageIssue>();
        var yaml = PackageYaml.Load(challengesDirectory, FileName, problems);
        var definition = yaml is null ? null : Parse(yaml, problems);
        if (definition is null || problems.Count > 0)
        {
            // A wrong contest is worse than none: stop at start with every mistake listed.
            throw new InvalidOperationException(
                $"{path} is not a valid contest description:\n  " + string.Join("\n  ", problems.Select(p => p.ToString())));
        }
        return definition;
    }

    private static ContestDefinition? Parse(PackageYaml yaml, List<PackageIssue> problems)
    {
        var name = yaml.String("name")?.Trim();
        if (string.IsNullOrEmpty(name)) yaml.Report("name", "is required: the name shown on the projector");

        DateTimeOffset? start = null;
        if (yaml.String("start") is { } startText)
        {
            if (DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                start = parsed.ToUniversalTime();
            else
                yaml.Report("start", $"must be a date and time like 2026-03-12T18:30:00+01:00, not '{startText}'");
        }

        var duration = yaml.Number("duration_minutes", v => v > 0 && v <= 7 * 24 * 60, "a number of minutes above 0 (at most a week)");
        if (duration is null && !yaml.Has("duration_minutes")) yaml.Report("duration_minutes", "is required: how long the contest runs, in minutes");
        var freeze = yaml.Number("freeze_minutes", v => v >= 0, "a number of minutes, 0 or more") ?? 0;
        if (duration is { } d && freeze >= d) yaml.Report("freeze_minutes", $"must be shorter than the contest ({d} minutes)");
        var penalty = yaml.Number("penalty_minutes", v => v >= 0 && v == Math.Floor(v) && v <= 1000, "a whole number of minutes, 0 or more")
                      ?? DefaultPenaltyMinutes;

        var scoring = ScoringMode.Icpc;
        switch (yaml.String("scoring")?.Trim().ToLowerInvariant())
        {
            case null or "icpc": break;
            case "points": scoring = ScoringMode.Points; break;
            case var other: yaml.Report("scoring", $"must be 'icpc' or 'points', not '{other}'"); break;
        }

        var list = ParseProblems(yaml, problems);
        var languages = yaml.Words("languages");
        if (languages is { Count: 0 }) yaml.Report("languages", "must name at least one language (" + string.Join(", ", Judging.Languages.KnownIds) + ")");
        foreach (var language in languages?.Where(l => !Judging.Languages.KnownIds.Contains(l)) ?? [])
            yaml.Report("languages", $"has '{language}', which is not a language of this judge (" + string.Join(", ", Judging.Languages.KnownIds) + ")");
        foreach (var unknown in yaml.Keys.Except(KnownKeys))
            yaml.Report(unknown, "is not a contest.yaml key (known: " + string.Join(", ", KnownKeys) + ")");
        if (problems.Count > 0) return null;

        return new ContestDefinition(name!, start, TimeSpan.FromMinutes(duration!.Value), TimeSpan.FromMinutes(freeze), scoring,
            (int)penalty, list, IsPractice: false) { Languages = languages };
    }

    private static readonly string[] KnownKeys =
        ["name", "start", "duration_minutes", "freeze_minutes", "scoring", "penalty_minutes", "problems", "languages"];

    private static List<ContestProblemConfig>? ParseProblems(PackageYaml yaml, List<PackageIssue> problems)
    {
        if (!yaml.Has("problems")) return null;
        if (yaml.Raw("problems") is not List<object?> items || items.Count == 0)
        {
            yaml.Report("problems", "must be a list of challenges (ids, or maps with id, label, colour, points)");
            return null;
        }
        var result = new List<ContestProblemConfig>();
        for (var i = 0; i < items.Count; i++)
        {
            var where = $"problems[{i}]";
            switch (items[i])
            {
                case string id when id.Trim().Length > 0:
                    result.Add(new ContestProblemConfig(id.Trim(), null, null, null));
                    break;
                case Dictionary<object, object?> map:
                    var fields = map.ToDictionary(p => p.Key.ToString() ?? "", p => p.Value as string, StringComparer.Ordinal);
                    var problemId = fields.GetValueOrDefault("id")?.Trim();
                    if (string.IsNullOrEmpty(problemId))
                    {
                        yaml.Report(where, "needs an 'id': the challenge's folder name");
                        break;
                    }
                    double? points = null;
                    if (fields.GetValueOrDefault("points") is { } pointsText)
                    {
                        if (double.TryParse(pointsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p) && p >= 0)
                            points = p;
                        else
                            yaml.Report($"{where}.points", $"must be a number, 0 or more, not '{pointsText}'");
                    }
                    foreach (var key in fields.Keys.Except(["id", "label", "colour", "color", "points"]))
                        yaml.Report($"{where}.{key}", "is not known (use id, label, colour, points)");
                    result.Add(new ContestProblemConfig(problemId, fields.GetValueOrDefault("label")?.Trim(),
                        fields.GetValueOrDefault("colour")?.Trim() ?? fields.GetValueOrDefault("color")?.Trim(), points));
                    break;
                default:
                    yaml.Report(where, "must be a challenge id or a map with id, label, colour, points");
                    break;
            }
        }
        foreach (var duplicate in result.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            yaml.Report("problems", $"lists '{duplicate.Key}' more than once");
        foreach (var duplicate in result.Where(p => p.Label is not null).GroupBy(p => p.Label).Where(g => g.Count() > 1))
            yaml.Report("problems", $"uses the label '{duplicate.Key}' more than once");
        return result;
    }
}

public sealed record ContestProblemConfig(string Id, string? Label, string? Colour, double? Points);
