using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>A scoring group as participants see it: its path ("secret/group1") and the points it is worth.</summary>
public sealed record GroupPointsView(string Group, double? MaxScore);

/// <summary>A scored group of one submission: what it got out of what it is worth.</summary>
public sealed record GroupScoreView(string Group, double Score, double? MaxScore);

/// <summary>The points a scoring challenge is worth, for the pages ("50 / 100 points"); pass-fail challenges have none.</summary>
public static class ScoreViews
{
    /// <summary>The submission score is secret's score (samples never count), so secret's max_score is the challenge's.</summary>
    public static double? MaxScore(ChallengePackage package) =>
        package.Type == ProblemType.Scoring ? package.RootGroup.FindGroup("secret")?.Scoring.MaxScore : null;

    /// <summary>The groups below secret (the ones a statement talks about), in judging order; none for pass-fail.</summary>
    public static IReadOnlyList<GroupPointsView> Groups(ChallengePackage package) =>
        package.Type == ProblemType.Scoring && package.RootGroup.FindGroup("secret") is { } secret
            ? [.. secret.SelfAndDescendants().Where(g => g != secret).Select(g => new GroupPointsView(g.Path, g.Scoring.MaxScore))]
            : [];

    /// <summary>Each group's score from the stored per-test results, the same computation the judge made for the total.</summary>
    public static IReadOnlyList<GroupScoreView> GroupScores(ChallengePackage package, IEnumerable<(string Name, Verdict Verdict, double? Score)> tests)
    {
        var groups = Groups(package);
        if (groups.Count == 0) return [];
        var report = Scoring.Score(package.RootGroup, tests.ToDictionary(t => t.Name, t => (t.Verdict, t.Score)));
        return [.. groups.Select(g => new GroupScoreView(g.Group, report.GroupScores.GetValueOrDefault(g.Group), g.MaxScore))];
    }
}
