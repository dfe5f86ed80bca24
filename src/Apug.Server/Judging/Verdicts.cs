using Apug.Server.Challenges;
using Apug.Server.Sandbox;

namespace Apug.Server.Judging;

/// <summary>The verdict rules: pure functions of what was measured, tested exhaustively.</summary>
public static class Verdicts
{
    /// <summary>The verdict of one run before its output is checked; null means "ran fine, check the output".</summary>
    public static Verdict? ForRun(RunStatus status, string stderrTail) => status switch
    {
        RunStatus.Ok => null,
        RunStatus.TimeLimit => Verdict.TLE,
        RunStatus.MemoryLimit => Verdict.MLE,
        RunStatus.OutputLimit => Verdict.OLE,
        // Python raises MemoryError when an allocation fails before the kernel steps in: still memory.
        RunStatus.RuntimeError => IsMemoryError(stderrTail) ? Verdict.MLE : Verdict.RTE,
    };

    private static bool IsMemoryError(string stderrTail)
    {
        var lastLine = stderrTail.TrimEnd().Split('\n')[^1];
        return lastLine.StartsWith("MemoryError", StringComparison.Ordinal);
    }

    /// <summary>
    /// The submission's verdict: a judge error anywhere makes the whole result untrustworthy (JE);
    /// otherwise the first rejected test in order decides; all tests accepted is AC.
    /// A pass-fail submission with fewer results than tests and no rejection was cut short: JE.
    /// </summary>
    public static Verdict Decide(ProblemType type, IReadOnlyList<TestOutcome> tests, int testCount)
    {
        if (tests.Any(t => t.Verdict == Verdict.JE)) return Verdict.JE;
        if (tests.FirstOrDefault(t => t.Verdict != Verdict.AC) is { } rejected) return rejected.Verdict;
        return tests.Count == testCount ? Verdict.AC : Verdict.JE;
    }

    /// <summary>Pass-fail judging stops at the first rejection; scoring judging runs every test.</summary>
    public static bool ShouldContinue(ProblemType type, Verdict testVerdict) =>
        testVerdict == Verdict.AC || (type == ProblemType.Scoring && testVerdict != Verdict.JE);

    public static string Describe(Verdict verdict) => verdict switch
    {
        Verdict.AC => "Accepted",
        Verdict.WA => "Wrong answer",
        Verdict.TLE => "Time limit exceeded",
        Verdict.MLE => "Memory limit exceeded",
        Verdict.RTE => "Run-time error",
        Verdict.OLE => "Output limit exceeded",
        Verdict.CE => "Compile error",
        Verdict.JE => "Judge error",
    };
}
