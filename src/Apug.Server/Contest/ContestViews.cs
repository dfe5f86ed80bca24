namespace Apug.Server.Contest;

// The public shapes of docs/realtime.md (JSON camelCase). Keep them in step with that file.

public sealed record ProblemView(string Id, string Label, string Name, string Colour);

public sealed record ContestProblemView(string Id, string Label, string Name, string Colour, double Points);

/// <summary>
/// One challenge on one team's row. Pending = attempts hidden by the freeze. HintCost = points the team's opened hints
/// cost on this challenge (points scoring), already taken off Score.
/// </summary>
public sealed record Cell(string ChallengeId, bool Solved, int Attempts, int Pending, int? Minutes, bool FirstToSolve, double? Score, double HintCost = 0);

public sealed record Row(
    int Rank, Guid TeamId, string TeamName, int Solved, double Points, int Penalty, DateTimeOffset? LastImprovementAt,
    IReadOnlyList<Cell> Cells)
{
    /// <summary>Value equality including the cells (records compare lists by reference).</summary>
    public bool SameAs(Row other) =>
        this with { Cells = [] } == other with { Cells = [] } && Cells.SequenceEqual(other.Cells);
}

public sealed record LeaderboardSnapshot(
    long Version, string ContestName, string Scoring, bool Frozen, IReadOnlyList<ProblemView> Problems, IReadOnlyList<Row> Rows);

public sealed record LeaderboardDelta(long Version, long PreviousVersion, bool Frozen, IReadOnlyList<Row> Rows, IReadOnlyList<Guid> Order);

public sealed record ContestStateView(
    string Name, string Phase, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateTimeOffset? FreezesAt, DateTimeOffset Now);

/// <summary>
/// GET /api/contest: the state plus the problems and the address the projector's QR code points to (PublicUrl; when
/// unset, LanUrls suggests the machine's LAN addresses, and LoopbackOnly warns that no phone can reach the server).
/// </summary>
public sealed record ContestView(
    string Name, string Phase, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateTimeOffset? FreezesAt, DateTimeOffset Now,
    IReadOnlyList<ContestProblemView> Problems, string? PublicUrl, IReadOnlyList<string> LanUrls, bool LoopbackOnly);

public sealed record FirstSolve(string ChallengeId, string Label, Guid TeamId, string TeamName, int? Minutes);

public sealed record AnnouncementView(string Message, DateTimeOffset At);

public static class ContestNames
{
    public static string Of(ScoringMode mode) => mode switch
    {
        ScoringMode.Icpc => "icpc",
        ScoringMode.Points => "points",
    };

    public static string Of(ContestPhase phase) => phase switch
    {
        ContestPhase.Practice => "practice",
        ContestPhase.Before => "before",
        ContestPhase.Running => "running",
        ContestPhase.Frozen => "frozen",
        ContestPhase.Ended => "ended",
    };
}
