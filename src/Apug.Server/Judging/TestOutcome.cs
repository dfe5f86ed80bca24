namespace Apug.Server.Judging;

/// <summary>One judged test, as stored and shown.</summary>
public sealed record TestOutcome(
    int Ordinal,
    string Name,
    string Group,
    bool IsSample,
    Verdict Verdict,
    int CpuMs,
    int WallMs,
    int MemoryKb,
    string Message,        // safe for the team: never quotes secret data
    string JudgeMessage,   // full detail for organisers
    string? Output,        // team output, truncated
    string? Stderr,
    double? Score = null); // from a scoring validator's score.txt

/// <summary>A submission's final result.</summary>
public sealed record SubmissionOutcome(Verdict Verdict, double? Score, string? Message, IReadOnlyList<TestOutcome> Tests);
