using Apug.Server.Challenges;
using Apug.Server.Judging;
using Apug.Server.Sandbox;

namespace Apug.Tests.Judging;

public class VerdictsTests
{
    private static TestOutcome Test(int ordinal, Verdict verdict) =>
        new(ordinal, $"secret/{ordinal}", "secret", false, verdict, 1, 1, 1, "", "", null, null);

    [Theory]
    [InlineData(RunStatus.TimeLimit, Verdict.TLE)]
    [InlineData(RunStatus.MemoryLimit, Verdict.MLE)]
    [InlineData(RunStatus.OutputLimit, Verdict.OLE)]
    [InlineData(RunStatus.RuntimeError, Verdict.RTE)]
    public void EachFailedRunStatusMapsToItsVerdict(RunStatus status, Verdict expected) =>
        Assert.Equal(expected, Verdicts.ForRun(status, "Traceback...\nValueError: bad"));

    [Fact]
    public void ARunThatEndedNormallyNeedsItsOutputChecked() => Assert.Null(Verdicts.ForRun(RunStatus.Ok, ""));

    [Fact]
    public void APythonMemoryErrorIsAMemoryLimitNotARunTimeError() =>
        Assert.Equal(Verdict.MLE, Verdicts.ForRun(RunStatus.RuntimeError, "Traceback (most recent call last):\n  File x\nMemoryError\n"));

    [Fact]
    public void AMemoryErrorMentionedEarlierInStderrDoesNotMakeItMle() =>
        Assert.Equal(Verdict.RTE, Verdicts.ForRun(RunStatus.RuntimeError, "MemoryError handled\nTraceback\nKeyError: 3"));

    [Theory]
    [InlineData(ProblemType.PassFail)]
    [InlineData(ProblemType.Scoring)]
    public void AllTestsAcceptedIsAccepted(ProblemType type) =>
        Assert.Equal(Verdict.AC, Verdicts.Decide(type, [Test(0, Verdict.AC), Test(1, Verdict.AC)], 2));

    [Theory]
    [InlineData(Verdict.WA)]
    [InlineData(Verdict.TLE)]
    [InlineData(Verdict.MLE)]
    [InlineData(Verdict.RTE)]
    [InlineData(Verdict.OLE)]
    public void TheFirstRejectedTestDecides(Verdict first) =>
        Assert.Equal(first, Verdicts.Decide(ProblemType.PassFail, [Test(0, Verdict.AC), Test(1, first), Test(2, Verdict.WA)], 3));

    [Fact]
    public void AJudgeErrorAnywhereMakesTheWholeResultAJudgeError() =>
        Assert.Equal(Verdict.JE, Verdicts.Decide(ProblemType.Scoring, [Test(0, Verdict.WA), Test(1, Verdict.JE)], 2));

    [Fact]
    public void AllAcceptedButFewerResultsThanTestsIsAJudgeError() =>
        Assert.Equal(Verdict.JE, Verdicts.Decide(ProblemType.PassFail, [Test(0, Verdict.AC)], 3));

    [Fact]
    public void NoTestsAtAllIsAJudgeErrorNotAnAccept() =>
        Assert.Equal(Verdict.JE, Verdicts.Decide(ProblemType.PassFail, [], 1));

    [Theory]
    [InlineData(ProblemType.PassFail, Verdict.AC, true)]
    [InlineData(ProblemType.PassFail, Verdict.WA, false)]
    [InlineData(ProblemType.PassFail, Verdict.TLE, false)]
    [InlineData(ProblemType.PassFail, Verdict.JE, false)]
    [InlineData(ProblemType.Scoring, Verdict.AC, true)]
    [InlineData(ProblemType.Scoring, Verdict.WA, true)]
    [InlineData(ProblemType.Scoring, Verdict.TLE, true)]
    [InlineData(ProblemType.Scoring, Verdict.JE, false)]
    public void PassFailStopsAtTheFirstRejectionScoringRunsEverything(ProblemType type, Verdict verdict, bool goOn) =>
        Assert.Equal(goOn, Verdicts.ShouldContinue(type, verdict));

    [Fact]
    public void EveryVerdictHasADescription()
    {
        foreach (var verdict in Enum.GetValues<Verdict>())
            Assert.False(string.IsNullOrWhiteSpace(Verdicts.Describe(verdict)));
    }
}
