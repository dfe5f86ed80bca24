namespace Apug.Server.Judging;

/// <summary>Bound from "Apug:Feedback": what a team sees of its secret tests (organisers always see everything).</summary>
public sealed class FeedbackOptions
{
    /// <summary>Show each secret test's peak memory to the team. Off by default: memory per test is a side channel on secret data.</summary>
    public bool ShowMemory { get; set; }

    /// <summary>The memory a team may see for one test: always on samples, on secret tests only when switched on.</summary>
    public int? TeamMemoryKb(bool isSample, int memoryKb) => isSample || ShowMemory ? memoryKb : null;
}
