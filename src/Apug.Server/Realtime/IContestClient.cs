using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Judging;

namespace Apug.Server.Realtime;

// Team-only shapes of docs/realtime.md.
public sealed record SubmissionQueuedView(Guid SubmissionId, string ChallengeId, DateTimeOffset CreatedAt);

public sealed record TestFinishedView(
    Guid SubmissionId, string ChallengeId, int Ordinal, string Name, bool IsSample, Verdict Verdict, int CpuMs, int MemoryKb, string Message,
    int TestCount);

public sealed record SubmissionJudgedView(Guid SubmissionId, string ChallengeId, Verdict Verdict, double? Score, string? Message, DateTimeOffset JudgedAt);

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

    /// <summary>An answer for the asking team (or, when public, for everyone), or an organisers' message to all.</summary>
    Task Clarification(ClarificationView clarification);

    /// <summary>Organisers only: a question was asked or answered.</summary>
    Task OrganiserClarification(AdminClarificationView clarification);
}

/// <summary>The only place group names are spelled.</summary>
public static class ContestGroups
{
    public const string Public = "public";

    /// <summary>Connections that carry the admin token (the organisers' page).</summary>
    public const string Organisers = "organisers";

    public static string Team(Guid teamId) => $"team:{teamId}";
}
