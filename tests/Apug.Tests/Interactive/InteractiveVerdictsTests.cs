using Apug.Server.Judging;
using Apug.Server.Sandbox;

namespace Apug.Tests.Interactive;

/// <summary>The interactive verdict rule (pure): the interactor's failure, then its first-ended WA, then the solution's
/// own ending, then the interactor's 42/43 — problemtools' judge/execute.py and DOMjudge's judgedaemon order.</summary>
public class InteractiveVerdictsTests
{
    private static readonly RunLimits Limits = new(CpuMs: 1000, MemoryKb: 256 * 1024, OutputKb: 8192);

    private static RunReport Run(int? exitCode = 0, int? signal = null, int cpuMs = 10, bool oom = false, RunStop stopped = RunStop.None,
        Dictionary<string, byte[]>? feedback = null) =>
        new(exitCode, signal, cpuMs, 20, 9000, oom, stopped, [], false, [], feedback ?? new Dictionary<string, byte[]>());

    private static Verdict Decide(RunReport solution, RunReport interactor, bool interactorFirst) =>
        Verdicts.ForInteraction(solution, Limits, SandboxedOutputCheck.FromValidator(interactor, OutputChecks.ValidatorLimits, "interactor"), interactorFirst);

    [Fact]
    public void EveryCombinationFollowsTheRuleWrittenOutLonghand()
    {
        var solutions = new (RunReport Run, Verdict? Own)[]
        {
            (Run(), null), (Run(exitCode: 1), Verdict.RTE), (Run(exitCode: null, signal: 11), Verdict.RTE),
            (Run(exitCode: null, signal: 9, stopped: RunStop.CpuLimit, cpuMs: 1001), Verdict.TLE),
            (Run(exitCode: null, signal: 9, stopped: RunStop.WallLimit), Verdict.TLE),
            (Run(exitCode: null, signal: 9, oom: true), Verdict.MLE),
            (Run(exitCode: 0, cpuMs: 1500), Verdict.TLE),
        };
        var interactors = new (RunReport Run, Verdict Says)[]
        {
            (Run(exitCode: 42), Verdict.AC), (Run(exitCode: 43), Verdict.WA), (Run(exitCode: 0), Verdict.JE), (Run(exitCode: 1), Verdict.JE),
            (Run(exitCode: null, signal: 6), Verdict.JE), (Run(exitCode: null, signal: 9, stopped: RunStop.WallLimit), Verdict.JE),
            (Run(exitCode: 42, oom: true), Verdict.JE), (Run(exitCode: null, signal: 9, stopped: RunStop.CpuLimit), Verdict.JE),
        };
        var count = 0;
        foreach (var (solution, own) in solutions)
        foreach (var (interactor, says) in interactors)
        foreach (var first in new[] { false, true })
        {
            var expected = says == Verdict.JE ? Verdict.JE
                : first && says == Verdict.WA ? Verdict.WA
                : own ?? says;
            Assert.True(expected == Decide(solution, interactor, first), $"{solution} / {interactor} / first {first}: expected {expected}");
            count++;
        }
        Assert.Equal(7 * 8 * 2, count);
    }

    [Fact]
    public void AnInteractorThatEndedFirstWithWrongAnswerWinsOverTheSolutionsTimeout() =>
        Assert.Equal(Verdict.WA, Decide(Run(exitCode: null, signal: 9, stopped: RunStop.InteractorEnded), Run(exitCode: 43), interactorFirst: true));

    [Fact]
    public void ASolutionThatCrashedFirstKeepsItsRunTimeErrorOverTheInteractorsWrongAnswer() =>
        Assert.Equal(Verdict.RTE, Decide(Run(exitCode: 1), Run(exitCode: 43), interactorFirst: false));

    [Fact]
    public void AnAcceptingInteractorStillLetsTheSolutionsLaterTimeoutStand() =>
        Assert.Equal(Verdict.TLE, Decide(Run(exitCode: null, signal: 9, stopped: RunStop.CpuLimit, cpuMs: 1001), Run(exitCode: 42), interactorFirst: true));

    [Fact]
    public void TheInteractorsMessageAndScoreComeFromItsFeedbackFolder()
    {
        var check = SandboxedOutputCheck.FromValidator(Run(exitCode: 43, feedback: new()
        {
            ["judgemessage.txt"] = "too many questions\n"u8.ToArray(),
            ["score.txt"] = "12.5"u8.ToArray(),
        }), OutputChecks.ValidatorLimits, "interactor");
        Assert.Equal((Verdict.WA, "too many questions", 12.5), (check.Verdict, check.Message, check.Score));
        Assert.StartsWith("The interactor failed", SandboxedOutputCheck.FromValidator(Run(exitCode: 0), OutputChecks.ValidatorLimits, "interactor").Message);
    }
}
