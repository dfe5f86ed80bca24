using System.Globalization;
using Apug.Server.Challenges;
using Apug.Server.Sandbox;

namespace Apug.Server.Judging;

/// <summary>The verdict rules: pure functions of what was measured, tested exhaustively.</summary>
public static class Verdicts
{
    /// <summary>
    /// The verdict of one run before its output is checked; null means "ran fine, check the output".
    /// Only measurements decide: output cut → OLE; the kernel killed for memory → MLE; CPU over the limit or the
    /// wall-clock backstop → TLE; any other signal or a non-zero exit → RTE. What the program printed decides nothing
    /// (a "MemoryError" line on stderr is an RTE unless memory ran out).
    /// </summary>
    public static Verdict? ForRun(RunReport run, RunLimits limits)
    {
        if (run.StdoutTruncated || run.Stopped == RunStop.OutputLimit) return Verdict.OLE;
        if (run.OomKilled || run.MemoryKb > limits.MemoryKb) return Verdict.MLE;
        if (run.Stopped is RunStop.CpuLimit or RunStop.WallLimit || run.CpuMs > limits.CpuMs) return Verdict.TLE;
        if (run.Signal is not null || run.ExitCode != 0) return Verdict.RTE;
        return null;
    }

    /// <summary>
    /// An interactive test's verdict. The spec says only that the interactor's 42/43 decides and that anything else from
    /// it is the judge's error; the order below is problemtools' (judge/execute.py) and DOMjudge's (judgedaemon): the
    /// interactor failing (another exit, a signal, its own limits) is JE; an interactor that ended first with 43 is WA
    /// whatever the submission did next (it may crash or wait once nobody answers it); otherwise the submission's own
    /// ending stands (MLE, TLE, RTE, as <see cref="ForRun"/>); otherwise the interactor's 42 (AC) or 43 (WA).
    /// </summary>
    public static Verdict ForInteraction(RunReport run, RunLimits limits, CheckResult interactor, bool interactorFirst)
    {
        if (interactor.Verdict == Verdict.JE) return Verdict.JE;
        if (interactorFirst && interactor.Verdict == Verdict.WA) return Verdict.WA;
        return ForRun(run, limits) ?? interactor.Verdict;
    }

    /// <summary>Why a run was stopped or failed, in words, from the facts alone (for organisers and sample tests).</summary>
    public static string Explain(RunReport run, RunLimits limits) => ForRun(run, limits) switch
    {
        Verdict.OLE => Invariant($"output exceeded the {limits.OutputKb} KiB limit"),
        Verdict.MLE => run.OomKilled
            ? Invariant($"killed by the out-of-memory killer (memory limit {limits.MemoryKb} KiB)")
            : Invariant($"peak memory {run.MemoryKb} KiB exceeded the {limits.MemoryKb} KiB limit"),
        Verdict.TLE when run.Stopped == RunStop.WallLimit =>
            Invariant($"stopped after {run.WallMs} ms of wall-clock time, having used {run.CpuMs} ms of CPU time (the program waited or slept)"),
        Verdict.TLE => Invariant($"CPU time {Math.Max(run.CpuMs, limits.CpuMs + 1)} ms exceeded the {limits.CpuMs} ms limit"),
        Verdict.RTE when run.Signal is { } signal => Invariant($"killed by signal {signal} ({SignalName(signal)})"),
        Verdict.RTE => Invariant($"exit code {run.ExitCode}"),
        _ => "",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 5 => "SIGTRAP", 6 => "SIGABRT", 7 => "SIGBUS",
        8 => "SIGFPE", 9 => "SIGKILL", 10 => "SIGUSR1", 11 => "SIGSEGV", 12 => "SIGUSR2", 13 => "SIGPIPE",
        14 => "SIGALRM", 15 => "SIGTERM", 24 => "SIGXCPU", 25 => "SIGXFSZ", 31 => "SIGSYS",
        _ => "unknown",
    };

    /// <summary>
    /// The submission's verdict: a judge error anywhere makes the whole result untrustworthy (JE);
    /// otherwise the first rejected test in order decides; all tests accepted is AC.
    /// A pass-fail submission with fewer results than tests and no rejection was cut short: JE.
    /// </summary>
    public static Verdict Decide(IReadOnlyList<TestOutcome> tests, int testCount)
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
