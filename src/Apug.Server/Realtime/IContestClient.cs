using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Hints;
using Apug.Server.Judging;

namespace Apug.Server.Realtime;

// Team-only shapes of docs/realtime.md.
public sealed record SubmissionQueuedView(Guid SubmissionId, string ChallengeId, DateTimeOffset CreatedAt);

public sealed record TestFinishedView(
    Guid SubmissionId, string ChallengeId, int Ordinal, string Name, bool IsSample, Verdict Verdict, int CpuMs, int? MemoryKb, string Message,
    int TestCount);

public sealed record SubmissionJudgedView(Guid SubmissionId, string ChallengeId, Verdict Verdict, double? Score, string? Message, DateTimeOffset JudgedAt);

/// <summary>
/// Organisers only (the admin group): any team's submission changed. Status "queued", "running" (Ordinal/TestCount:
/// the test just finished, when one did) or "judged" (Verdict); the admin page fetches what it shows from /api/admin.
/// </summary>
public sealed record AdminSubmissionView(
    Guid SubmissionId, Guid TeamId, string ChallengeId, string Status, Verdict? Verdict, int? Ordinal, int? TestCount);

/// <summary>What the server calls on connected pages (docs/realtime.md). Public events go to everyone; team events only to that team.</summary>
public interface IContestClient
{
    Task Leaderboard(LeaderboardSnapshot snapshot);
    Task LeaderboardChanged(LeaderboardDelta delta);
    Task ContestState(ContestStateView state);
    Task FirstToSolve(FirstSolve firstSolve);
    Task Announcement(AnnouncementView announcement);

    Task SubmissionQueued(SubmissionQueuedView submission);
    Task TestFinished(TestFinishedView test);
    Task SubmissionJudged(SubmissionJudgedView submission);

    Task AdminSubmission(AdminSubmissionView submission);
    /// <summary>An answer for the asking team (or, when public, for everyone), or an organisers' message to all.</summary>
    Task Clarification(ClarificationView clarification);

    /// <summary>Organisers only: a question was asked or answered.</summary>
    Task OrganiserClarification(AdminClarificationView clarification);

    /// <summary>Everyone: a hint came out (by hand or at its minute). Its text comes when a team opens it.</summary>
    Task HintReleased(HintReleasedView hint);

    /// <summary>A team: one of its devices opened a hint (the others show it too).</summary>
    Task HintOpened(HintView hint);

    /// <summary>Organisers only: a hint was added, edited, released or opened (with how many teams opened it).</summary>
    Task OrganiserHint(AdminHintView hint);
}

/// <summary>The only place group names are spelled.</summary>
public static class ContestGroups
{
    /// <summary>Every connection on every instance: one-off messages (announcements, clarifications) sent once.</summary>
    public const string Public = "public";

    /// <summary>
    /// Every connection on one instance: what each instance derives from its own copy of the database (the board, first
    /// solves, the clock), so with the Redis backplane a projector hears each change once, from its own instance.
    /// </summary>
    public static string Board(string instanceId) => $"board:{instanceId}";

    /// <summary>Connections made with the admin token: every team's submission progress.</summary>
    public const string Admin = "admin";

    public static string Team(Guid teamId) => $"team:{teamId}";
}
