namespace Apug.Server.Judging;

/// <summary>Bound from "Apug:Feedback": what a team sees of its secret tests (organisers always see everything).</summary>
public sealed class FeedbackOptions
{
    /// <summary>Show each secret test's peak memory to the team. Off by default: memory per test is a side channel on secret data.</summary>
    public bool ShowMemory { get; set; }

    /// <summary>The memory a team may see for one test: always on samples, on secret tests only when switched on.</summary>
    public int? TeamMemoryKb(bool isSample, int memoryKb) => isSample || ShowMemory ? memoryKb : null;

    public const string JudgeErrorForTeams = "Judge error: the judge could not judge this submission. The organisers can see why and can rejudge it.";

    /// <summary>A submission's message as its team sees it: a judge error's cause (a validator that does not compile, a
    /// broken package) is the organisers' business, except that the engine is away and it will be judged again.</summary>
    public static string? TeamMessage(Verdict? verdict, string? message) =>
        verdict == Verdict.JE && message != EngineRetry.Message ? JudgeErrorForTeams : message;
}
