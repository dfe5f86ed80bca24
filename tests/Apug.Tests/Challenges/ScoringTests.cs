using Apug.Server.Challenges;
using Apug.Server.Judging;

namespace Apug.Tests.Challenges;

public class ScoringTests
{
    private static readonly TestGroup ModernRoot = PackageLoaderTests.LoadFixture("scoring-groups").RootGroup;
    private static readonly TestGroup LegacyRoot = PackageLoaderTests.LoadFixture("legacy-scoring").RootGroup;

    /// <summary>Every test accepted, except the ones given.</summary>
    private static Dictionary<string, (Verdict Verdict, double? Score)> AllAcceptedExcept(TestGroup root, params (string Name, Verdict Verdict, double? Score)[] changes)
    {
        var outcomes = root.AllTests().ToDictionary(t => t.Name, _ => (Verdict.AC, (double?)null));
        foreach (var (name, verdict, score) in changes)
        {
            Assert.True(outcomes.ContainsKey(name), name);
            outcomes[name] = (verdict, score);
        }
        return outcomes;
    }

    // ---- 2025-09 ----

    [Fact]
    public void AllAcceptedGivesEveryGroupItsMaxScore()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot));
        Assert.Equal(100, report.Total);
        Assert.Equal(30, report.GroupScores["secret/group1"]);
        Assert.Equal(45, report.GroupScores["secret/group2"]);
        Assert.Equal(25, report.GroupScores["secret/group3"]);
        Assert.Equal(100, report.GroupScores["secret"]);
        Assert.Empty(report.JudgeErrors);
    }

    [Fact]
    public void WrongAnswerInASumGroupLosesOnlyThatTestsShare()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("secret/group2/02", Verdict.WA, null)));
        Assert.Equal(30, report.GroupScores["secret/group2"], 9);
        Assert.Equal(85, report.Total, 9);
    }

    [Fact]
    public void FailingAPassFailGroupScoresZeroAndBlocksGroupsThatRequireIt()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("secret/group1/02", Verdict.TLE, null)));
        Assert.Equal(0, report.GroupScores["secret/group1"]);
        Assert.Equal(0, report.GroupScores["secret/group3"]); // require_pass: secret/group1
        Assert.Equal(45, report.Total);
    }

    [Fact]
    public void MinGroupScoresItsLowestTest()
    {
        var outcomes = AllAcceptedExcept(ModernRoot).ToDictionary(p => p.Key, p => new TestScoreOutcome(p.Value.Verdict));
        outcomes["secret/group3/01"] = new TestScoreOutcome(Verdict.AC, ScoreMultiplier: 0.5);
        outcomes["secret/group3/02"] = new TestScoreOutcome(Verdict.AC, Score: 20);
        var report = Scoring.Score(ModernRoot, outcomes);
        Assert.Equal(12.5, report.GroupScores["secret/group3"]);
        Assert.Equal(87.5, report.Total);
        Assert.Empty(report.JudgeErrors);
    }

    [Fact]
    public void ScoreFileReplacesTheTestsMaximumInASumGroup()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("secret/group2/01", Verdict.AC, 5)));
        Assert.Equal(35, report.GroupScores["secret/group2"], 9);
        Assert.Empty(report.JudgeErrors);
    }

    [Fact]
    public void SamplesNeverCount()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("sample/1", Verdict.WA, null)));
        Assert.Equal(100, report.Total);
    }

    [Fact]
    public void TestsThatWereNotRunCountAsNotAccepted()
    {
        var report = Scoring.Score(ModernRoot, new Dictionary<string, (Verdict, double?)>());
        Assert.Equal(0, report.Total);
        Assert.Empty(report.JudgeErrors);
    }

    [Fact]
    public void ScoreAboveTheTestMaximumIsAJudgeError()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("secret/group2/01", Verdict.AC, 16)));
        Assert.Contains(report.JudgeErrors, e => e.StartsWith("secret/group2/01: score 16 exceeds"));
    }

    [Fact]
    public void ScoreInAPassFailGroupIsAJudgeError()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("secret/group1/01", Verdict.AC, 3)));
        Assert.Contains(report.JudgeErrors, e => e.Contains("pass-fail group secret/group1"));
    }

    [Fact]
    public void ScoreForARejectedTestIsAJudgeError()
    {
        var report = Scoring.Score(ModernRoot, AllAcceptedExcept(ModernRoot, ("secret/group2/01", Verdict.WA, 3)));
        Assert.Equal(30, report.GroupScores["secret/group2"], 9);
        Assert.Contains(report.JudgeErrors, e => e.Contains("did not accept"));
    }

    [Fact]
    public void UnboundedGroupsTakeScoresFromTheValidator()
    {
        var tests = new[] { Test("secret/1"), Test("secret/2") };
        var secret = new TestGroup("secret", [], tests, new GroupScoring(ScoreAggregation.Sum, null));
        var root = new TestGroup("", [secret], [], new GroupScoring(ScoreAggregation.Sum, null));

        var report = Scoring.Score(root, new Dictionary<string, (Verdict, double?)> { ["secret/1"] = (Verdict.AC, 7.5), ["secret/2"] = (Verdict.AC, 1000) });
        Assert.Equal(1007.5, report.Total);
        Assert.Empty(report.JudgeErrors);

        var missing = Scoring.Score(root, new Dictionary<string, (Verdict, double?)> { ["secret/1"] = (Verdict.AC, null), ["secret/2"] = (Verdict.AC, 2) });
        Assert.Equal(2, missing.Total);
        Assert.Contains(missing.JudgeErrors, e => e.Contains("no score.txt"));
    }

    [Fact]
    public void PassFailSecretScoresItsMaximumOnlyWhenEverythingPasses()
    {
        var group1 = new TestGroup("secret/a", [], [Test("secret/a/1")], new GroupScoring(ScoreAggregation.PassFail, 40));
        var group2 = new TestGroup("secret/b", [], [Test("secret/b/1")], new GroupScoring(ScoreAggregation.PassFail, 60));
        var secret = new TestGroup("secret", [group1, group2], [], new GroupScoring(ScoreAggregation.PassFail, 100));
        var root = new TestGroup("", [secret], [], new GroupScoring(ScoreAggregation.Sum, null));

        Assert.Equal(100, Scoring.Score(root, AllAcceptedExcept(root)).Total);
        var report = Scoring.Score(root, AllAcceptedExcept(root, ("secret/b/1", Verdict.WA, null)));
        Assert.Equal(0, report.Total);
        Assert.Equal(40, report.GroupScores["secret/a"]);
    }

    [Fact]
    public void GroupScoreAboveMaxScoreIsAJudgeError()
    {
        var group1 = new TestGroup("secret/a", [], [Test("secret/a/1")], new GroupScoring(ScoreAggregation.PassFail, 80));
        var group2 = new TestGroup("secret/b", [], [Test("secret/b/1")], new GroupScoring(ScoreAggregation.PassFail, 80));
        var secret = new TestGroup("secret", [group1, group2], [], new GroupScoring(ScoreAggregation.Sum, 100));
        var root = new TestGroup("", [secret], [], new GroupScoring(ScoreAggregation.Sum, null));

        var report = Scoring.Score(root, AllAcceptedExcept(root));
        Assert.Equal(160, report.Total);
        Assert.Contains("secret: score 160 exceeds its max_score 100", report.JudgeErrors);
    }

    // ---- legacy ----

    [Fact]
    public void LegacyAllAcceptedSumsTheGroupsAndIgnoresSample()
    {
        var report = Scoring.Score(LegacyRoot, AllAcceptedExcept(LegacyRoot));
        Assert.Equal(100, report.Total);
        Assert.Equal(40, report.GroupScores["secret/group1"]);
        Assert.Equal(60, report.GroupScores["secret/group2"]);
        Assert.Equal(1, report.GroupScores["sample"]); // scored for display, not counted
        Assert.Empty(report.JudgeErrors);
    }

    [Fact]
    public void LegacyMinGroupScoresNothingWhenATestFails()
    {
        var report = Scoring.Score(LegacyRoot, AllAcceptedExcept(LegacyRoot, ("secret/group1/2", Verdict.WA, null)));
        Assert.Equal(0, report.GroupScores["secret/group1"]);
        Assert.Equal(60, report.Total);
    }

    [Fact]
    public void LegacyOnRejectBreakIgnoresTestsAfterTheFirstRejection()
    {
        var report = Scoring.Score(LegacyRoot, AllAcceptedExcept(LegacyRoot, ("secret/group2/2", Verdict.WA, null)));
        Assert.Equal(20, report.GroupScores["secret/group2"]); // test 3 is not judged
        Assert.Equal(60, report.Total);
    }

    [Fact]
    public void LegacyScoreFileReplacesTheAcceptScore()
    {
        var report = Scoring.Score(LegacyRoot, AllAcceptedExcept(LegacyRoot, ("secret/group2/1", Verdict.AC, 5)));
        Assert.Equal(45, report.GroupScores["secret/group2"]);
        Assert.Equal(85, report.Total);
    }

    [Fact]
    public void LegacySampleFailureDoesNotMatterWithIgnoreSample() =>
        Assert.Equal(100, Scoring.Score(LegacyRoot, AllAcceptedExcept(LegacyRoot, ("sample/1", Verdict.RTE, null))).Total);

    [Fact]
    public void LegacyScoreOutsideTheRangeIsAJudgeError()
    {
        var report = Scoring.Score(LegacyRoot, AllAcceptedExcept(LegacyRoot, ("secret/group1/1", Verdict.AC, 50), ("secret/group1/2", Verdict.AC, 45)));
        Assert.Equal(45, report.GroupScores["secret/group1"]);
        Assert.Contains("secret/group1: score 45 is outside its range 0 40", report.JudgeErrors);
    }

    [Theory]
    [InlineData(LegacyScoreMode.Sum, 6)]
    [InlineData(LegacyScoreMode.Avg, 2)]
    [InlineData(LegacyScoreMode.Min, 1)]
    [InlineData(LegacyScoreMode.Max, 3)]
    public void LegacyScoreModesCombineTestScores(LegacyScoreMode mode, double expected)
    {
        var grading = new LegacyGrading(mode, 1, 0, double.NegativeInfinity, double.PositiveInfinity, false, false, false, false);
        var secret = new TestGroup("secret", [], [Test("secret/1"), Test("secret/2"), Test("secret/3")], new GroupScoring(ScoreAggregation.Sum, null) { Legacy = grading });
        var root = new TestGroup("", [secret], [], new GroupScoring(ScoreAggregation.Sum, null) { Legacy = grading with { ScoreMode = LegacyScoreMode.Sum } });
        var outcomes = new Dictionary<string, (Verdict, double?)> { ["secret/1"] = (Verdict.AC, 1), ["secret/2"] = (Verdict.AC, 2), ["secret/3"] = (Verdict.AC, 3) };
        Assert.Equal(expected, Scoring.Score(root, outcomes).Total);
    }

    [Fact]
    public void LegacyAlwaysAcceptKeepsABreakingParentGoing()
    {
        var lenient = new LegacyGrading(LegacyScoreMode.Sum, 10, 0, double.NegativeInfinity, double.PositiveInfinity, true, false, AlwaysAccept: true, false);
        var strict = lenient with { AlwaysAccept = false };
        var first = new TestGroup("secret/a", [], [Test("secret/a/1")], new GroupScoring(ScoreAggregation.Sum, null) { Legacy = lenient });
        var second = new TestGroup("secret/b", [], [Test("secret/b/1")], new GroupScoring(ScoreAggregation.Sum, null) { Legacy = strict });
        var secret = new TestGroup("secret", [first, second], [], new GroupScoring(ScoreAggregation.Sum, null) { Legacy = strict });
        var root = new TestGroup("", [secret], [], new GroupScoring(ScoreAggregation.Sum, null) { Legacy = strict });

        var outcomes = new Dictionary<string, (Verdict, double?)> { ["secret/a/1"] = (Verdict.WA, null), ["secret/b/1"] = (Verdict.AC, null) };
        Assert.Equal(10, Scoring.Score(root, outcomes).Total);
        var strictRoot = root with { Groups = [secret with { Groups = [first with { Scoring = second.Scoring }, second] }] };
        Assert.Equal(0, Scoring.Score(strictRoot, outcomes).Total);
    }

    private static TestCase Test(string name) =>
        new(name, name[..name.LastIndexOf('/')], false, $"/nowhere/{name}.in", $"/nowhere/{name}.ans");
}
