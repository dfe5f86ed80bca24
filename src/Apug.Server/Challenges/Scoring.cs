using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>
/// One judged test as scoring sees it. Score is the validator's score.txt and ScoreMultiplier its
/// score_multiplier.txt (2025-09), each only when the validator wrote one.
/// </summary>
public sealed record TestScoreOutcome(Verdict Verdict, double? Score = null, double? ScoreMultiplier = null);

/// <summary>
/// The submission's score, every group's score by path ("" for data/, "sample", "secret", "secret/group1"), and the
/// spec's judge errors (a validator scoring against the rules, a score above max_score...), which organisers must see.
/// </summary>
public sealed record ScoreReport(double Total, IReadOnlyDictionary<string, double> GroupScores, IReadOnlyList<string> JudgeErrors);

/// <summary>Scores a scoring problem from per-test outcomes, following the package's format (2025-09 or legacy).</summary>
public static class Scoring
{
    // Scores are sums of doubles; allow rounding when checking "exceeds max_score".
    private const double Epsilon = 1e-9;

    /// <param name="root">The package's RootGroup.</param>
    /// <param name="outcomes">Verdict and score.txt by test name; a test that is missing (not run) counts as not accepted.</param>
    public static ScoreReport Score(TestGroup root, IReadOnlyDictionary<string, (Verdict Verdict, double? Score)> outcomes) =>
        Score(root, outcomes.ToDictionary(pair => pair.Key, pair => new TestScoreOutcome(pair.Value.Verdict, pair.Value.Score)));

    /// <param name="root">The package's RootGroup.</param>
    /// <param name="outcomes">Outcome by test name; a test that is missing (not run) counts as not accepted.</param>
    public static ScoreReport Score(TestGroup root, IReadOnlyDictionary<string, TestScoreOutcome> outcomes)
    {
        var groupScores = new Dictionary<string, double>(StringComparer.Ordinal);
        var errors = new List<string>();
        double score = root.Scoring.Legacy is not null
            ? ScoreLegacyGroup(root, outcomes, groupScores, errors, stopAtPending: false).Score
            : ScoreModern(root, outcomes, groupScores, errors);
        return new ScoreReport(score, groupScores, errors);
    }

    // ---- 2025-09 "Scoring problems": the submission score is the score of secret; samples never count. ----

    private static double ScoreModern(TestGroup root, IReadOnlyDictionary<string, TestScoreOutcome> outcomes, Dictionary<string, double> groupScores, List<string> errors) =>
        root.FindGroup("secret") is { } secret ? ScoreModernGroup(secret, root, outcomes, groupScores, errors) : 0;

    private static double ScoreModernGroup(TestGroup group, TestGroup root, IReadOnlyDictionary<string, TestScoreOutcome> outcomes, Dictionary<string, double> groupScores, List<string> errors)
    {
        var scoring = group.Scoring;
        // Subgroups are scored even when this group is not, so every group has a score to show.
        var subgroupScores = group.Groups.Select(g => ScoreModernGroup(g, root, outcomes, groupScores, errors)).ToList();

        double score;
        var unmet = scoring.RequirePass.FirstOrDefault(path => root.FindGroup(path) is { } required && !AllAccepted(required, outcomes));
        if (unmet is not null)
        {
            score = 0; // spec "Group dependencies": not run, so its tests count as not accepted
        }
        else if (scoring.Aggregation == ScoreAggregation.PassFail)
        {
            foreach (var test in group.Tests.Where(t => HasValidatorScore(outcomes, t)))
                errors.Add($"{test.Name}: the validator produced a score in pass-fail group {group.Path}");
            score = AllAccepted(group, outcomes) ? scoring.MaxScore ?? 0 : 0;
        }
        else
        {
            var itemScores = group.Groups.Count > 0
                ? subgroupScores
                : group.Tests.Select(t => ScoreModernTest(t, TestMaxScore(group), outcomes, errors)).ToList();
            score = scoring.Aggregation == ScoreAggregation.Min
                ? (itemScores.Count == 0 ? 0 : itemScores.Min())
                : itemScores.Sum();
        }

        if (score > scoring.MaxScore + Epsilon)
            errors.Add($"{group.Path}: score {score} exceeds its max_score {scoring.MaxScore}");
        groupScores[group.Path] = score;
        return score;
    }

    /// <summary>min: the group's max_score; sum: max_score / N (no static validation here); null when unbounded.</summary>
    private static double? TestMaxScore(TestGroup group) =>
        group.Scoring.Aggregation == ScoreAggregation.Min
            ? group.Scoring.MaxScore
            : group.Scoring.MaxScore / Math.Max(1, group.Tests.Count);

    private static double ScoreModernTest(TestCase test, double? maxScore, IReadOnlyDictionary<string, TestScoreOutcome> outcomes, List<string> errors)
    {
        if (!outcomes.TryGetValue(test.Name, out var outcome)) return 0;
        if (outcome.Verdict != Verdict.AC)
        {
            if (outcome.Score is not null || outcome.ScoreMultiplier is not null)
                errors.Add($"{test.Name}: the validator produced a score for a test case it did not accept");
            return 0;
        }
        switch (outcome)
        {
            case { Score: not null, ScoreMultiplier: not null }:
                errors.Add($"{test.Name}: the validator produced both score.txt and score_multiplier.txt");
                return 0;
            case { ScoreMultiplier: { } multiplier }:
                if (maxScore is null)
                {
                    errors.Add($"{test.Name}: score_multiplier.txt is not allowed in a group with unbounded max_score");
                    return 0;
                }
                if (multiplier is < 0 or > 1 || double.IsNaN(multiplier))
                {
                    errors.Add($"{test.Name}: score multiplier {multiplier} is not between 0 and 1");
                    return 0;
                }
                return multiplier * maxScore.Value;
            case { Score: { } score }:
                if (score < 0 || !double.IsFinite(score))
                {
                    errors.Add($"{test.Name}: score {score} is not a non-negative number");
                    return 0;
                }
                if (score > maxScore + Epsilon)
                    errors.Add($"{test.Name}: score {score} exceeds the test case's maximum {maxScore}");
                return score;
            default:
                if (maxScore is null)
                    errors.Add($"{test.Name}: accepted in a group with unbounded max_score, but the validator produced no score.txt");
                return maxScore ?? 0;
        }
    }

    private static bool AllAccepted(TestGroup group, IReadOnlyDictionary<string, TestScoreOutcome> outcomes) =>
        group.AllTests().All(t => outcomes.TryGetValue(t.Name, out var o) && o.Verdict == Verdict.AC);

    private static bool HasValidatorScore(IReadOnlyDictionary<string, TestScoreOutcome> outcomes, TestCase test) =>
        outcomes.TryGetValue(test.Name, out var o) && (o.Score is not null || o.ScoreMultiplier is not null);

    // ---- legacy default grader (problemtools' support/default_grader): the submission score is that of data/. ----

    /// <summary>
    /// A group's (or test's) result as problemtools' default grader gives it. Pending is the first test the walk reached
    /// that has no outcome yet: the next one to run (tests left out by on_reject: break are never reached).
    /// </summary>
    private readonly record struct LegacyResult(Verdict Verdict, double Score, TestCase? Pending = null);

    // default_grader's worst_error order (IF and PE do not occur here).
    private static readonly Verdict[] WorstFirst = [Verdict.JE, Verdict.RTE, Verdict.MLE, Verdict.TLE, Verdict.OLE, Verdict.WA, Verdict.CE, Verdict.AC];

    /// <summary>The verdict of a package graded by the legacy rules; a test without an outcome counts as a judge error.</summary>
    public static Verdict LegacyVerdict(TestGroup root, IReadOnlyDictionary<string, TestScoreOutcome> outcomes)
    {
        var result = ScoreLegacyGroup(root, outcomes, [], [], stopAtPending: false);
        return result.Verdict;
    }

    /// <summary>The next test the legacy grader would look at, given the outcomes so far; null when it needs no more.</summary>
    public static TestCase? LegacyNextTest(TestGroup root, IReadOnlyDictionary<string, TestScoreOutcome> outcomes) =>
        ScoreLegacyGroup(root, outcomes, [], [], stopAtPending: true).Pending;

    private static LegacyResult ScoreLegacyGroup(TestGroup group, IReadOnlyDictionary<string, TestScoreOutcome> outcomes,
        Dictionary<string, double> groupScores, List<string> errors, bool stopAtPending = false)
    {
        var grading = group.Scoring.Legacy ?? throw new ArgumentException($"group {group.Path} has no legacy grading", nameof(group));
        var results = new List<LegacyResult>();
        foreach (var child in group.Children())
        {
            if (child.Group is { } subgroup && !subgroup.AllTests().Any()) continue; // problemtools leaves empty groups out
            var result = child.Group is { } g
                ? ScoreLegacyGroup(g, outcomes, groupScores, errors, stopAtPending)
                : ScoreLegacyTest(child.Test!, grading, outcomes, stopAtPending);
            if (result.Pending is not null) return result;
            results.Add(result);
            if (result.Verdict != Verdict.AC && grading.BreakOnReject) break; // on_reject: break stops judging this group
        }
        if (results.Count == 0) return new LegacyResult(Verdict.AC, 0);
        // ignore_sample: the grader sees only the last sub-result (secret, or sample when judging stopped there).
        if (grading.IgnoreSample) results = results[^1..];

        var scores = results.Select(r => r.Score).ToList();
        double score = grading.ScoreMode switch
        {
            LegacyScoreMode.Sum => scores.Sum(),
            LegacyScoreMode.Avg => scores.Average(),
            LegacyScoreMode.Min => scores.Min(),
            LegacyScoreMode.Max => scores.Max(),
        };
        var verdicts = results.Select(r => r.Verdict).ToList();
        Verdict verdict = verdicts.Contains(Verdict.JE) ? Verdict.JE
            : grading.AcceptIfAnyAccepted && verdicts.Contains(Verdict.AC) ? Verdict.AC
            : grading.AlwaysAccept ? Verdict.AC
            : grading.FirstError ? verdicts.FirstOrDefault(v => v != Verdict.AC, Verdict.AC)
            : WorstFirst.First(v => v == Verdict.AC || verdicts.Contains(v));
        if (score < grading.RangeMin - Epsilon || score > grading.RangeMax + Epsilon)
            errors.Add($"{(group.Path.Length == 0 ? "data" : group.Path)}: score {score} is outside its range {grading.RangeMin} {grading.RangeMax}");
        groupScores[group.Path] = score;
        return new LegacyResult(verdict, score);
    }

    private static LegacyResult ScoreLegacyTest(TestCase test, LegacyGrading grading, IReadOnlyDictionary<string, TestScoreOutcome> outcomes, bool stopAtPending)
    {
        if (!outcomes.TryGetValue(test.Name, out var outcome))
            return stopAtPending ? new LegacyResult(Verdict.JE, grading.RejectScore, test) : new LegacyResult(Verdict.JE, grading.RejectScore);
        return outcome.Verdict == Verdict.AC
            ? new LegacyResult(Verdict.AC, outcome.Score ?? grading.AcceptScore)
            : new LegacyResult(outcome.Verdict, outcome.Score ?? grading.RejectScore);
    }
}
