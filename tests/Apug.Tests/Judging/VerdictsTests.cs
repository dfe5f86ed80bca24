using Apug.Server.Challenges;
using Apug.Server.Judging;
using Apug.Server.Sandbox;

namespace Apug.Tests.Judging;

public class VerdictsTests
{
    private static TestOutcome Test(int ordinal, Verdict verdict) =>
        new(ordinal, $"secret/{ordinal}", "secret", false, verdict, 1, 1, 1, "", "", null, null);

    private static readonly RunLimits Limits = new(CpuMs: 1000, MemoryKb: 256 * 1024, OutputKb: 8192);

    private static RunReport Run(int? exitCode = 0, int? signal = null, int cpuMs = 10, int memoryKb = 9000, bool oom = false,
        RunStop stopped = RunStop.None, bool truncated = false, string stderr = "") =>
        new(exitCode, signal, cpuMs, 20, memoryKb, oom, stopped, [], truncated, System.Text.Encoding.UTF8.GetBytes(stderr), new Dictionary<string, byte[]>());

    [Fact]
    public void ARunThatEndedNormallyNeedsItsOutputChecked() => Assert.Null(Verdicts.ForRun(Run(), Limits));

    /// <summary>Every combination of the facts, against the rule written out longhand: OLE, then MLE, then TLE, then RTE.</summary>
    [Fact]
    public void EveryCombinationOfFactsGetsTheVerdictOfTheFirstLimitItHit()
    {
        var count = 0;
        foreach (var truncated in new[] { false, true })
        foreach (var oom in new[] { false, true })
        foreach (var stopped in Enum.GetValues<RunStop>())
        foreach (var cpuMs in new[] { 10, 1000, 1001 })
        foreach (var memoryKb in new[] { 9000, 256 * 1024, 256 * 1024 + 1 })
        foreach (var (exitCode, signal) in new (int?, int?)[] { (0, null), (1, null), (137, null), (null, 9), (null, 11) })
        {
            var run = Run(exitCode, signal, cpuMs, memoryKb, oom, stopped, truncated, stderr: "MemoryError");
            Verdict? expected =
                truncated || stopped == RunStop.OutputLimit ? Verdict.OLE
                : oom || memoryKb > Limits.MemoryKb ? Verdict.MLE
                : stopped is RunStop.CpuLimit or RunStop.WallLimit || cpuMs > Limits.CpuMs ? Verdict.TLE
                : signal is not null || exitCode != 0 ? Verdict.RTE
                : null;
            Assert.True(expected == Verdicts.ForRun(run, Limits), $"{run} gave {Verdicts.ForRun(run, Limits)}, expected {expected}");
            if (expected is not null) Assert.NotEqual("", Verdicts.Explain(run, Limits));
            count++;
        }
        Assert.Equal(2 * 2 * Enum.GetValues<RunStop>().Length * 3 * 3 * 5, count);
    }

    [Fact]
    public void AMemoryErrorPrintedByTheProgramIsARunTimeErrorUnlessMemoryRanOut()
    {
        // The verdict is never read from program-controlled text.
        Assert.Equal(Verdict.RTE, Verdicts.ForRun(Run(exitCode: 1, stderr: "Traceback (most recent call last):\n  File x\nMemoryError\n"), Limits));
        Assert.Equal(Verdict.MLE, Verdicts.ForRun(Run(exitCode: 1, oom: true, stderr: "MemoryError\n"), Limits));
    }

    [Fact]
    public void TheExplanationSaysWhichLimitAndByHowMuch()
    {
        Assert.Equal("CPU time 1500 ms exceeded the 1000 ms limit", Verdicts.Explain(Run(cpuMs: 1500, stopped: RunStop.CpuLimit, exitCode: null, signal: 9), Limits));
        Assert.Contains("wall-clock", Verdicts.Explain(Run(cpuMs: 3, stopped: RunStop.WallLimit, exitCode: null, signal: 9), Limits));
        Assert.Equal("killed by signal 11 (SIGSEGV)", Verdicts.Explain(Run(exitCode: null, signal: 11), Limits));
        Assert.Equal("exit code 3", Verdicts.Explain(Run(exitCode: 3), Limits));
        Assert.Equal("", Verdicts.Explain(Run(), Limits));
    }

    [Fact]
    public void AllTestsAcceptedIsAccepted() =>
        Assert.Equal(Verdict.AC, Verdicts.Decide([Test(0, Verdict.AC), Test(1, Verdict.AC)], 2));

    [Theory]
    [InlineData(Verdict.WA)]
    [InlineData(Verdict.TLE)]
    [InlineData(Verdict.MLE)]
    [InlineData(Verdict.RTE)]
    [InlineData(Verdict.OLE)]
    public void TheFirstRejectedTestDecides(Verdict first) =>
        Assert.Equal(first, Verdicts.Decide([Test(0, Verdict.AC), Test(1, first), Test(2, Verdict.WA)], 3));

    [Fact]
    public void AJudgeErrorAnywhereMakesTheWholeResultAJudgeError() =>
        Assert.Equal(Verdict.JE, Verdicts.Decide([Test(0, Verdict.WA), Test(1, Verdict.JE)], 2));

    [Fact]
    public void AllAcceptedButFewerResultsThanTestsIsAJudgeError() =>
        Assert.Equal(Verdict.JE, Verdicts.Decide([Test(0, Verdict.AC)], 3));

    [Fact]
    public void NoTestsAtAllIsAJudgeErrorNotAnAccept() =>
        Assert.Equal(Verdict.JE, Verdicts.Decide([], 1));

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
