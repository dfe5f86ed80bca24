using Apug.Server.Web;

namespace Apug.Server.Judging;

public abstract record SubmissionEvent(Guid SubmissionId, Guid TeamId, string ChallengeId);

public sealed record SubmissionQueued(Guid SubmissionId, Guid TeamId, string ChallengeId, DateTimeOffset CreatedAt)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

public sealed record SubmissionStarted(Guid SubmissionId, Guid TeamId, string ChallengeId, int TestCount)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

public sealed record TestJudged(Guid SubmissionId, Guid TeamId, string ChallengeId, TestOutcome Test, int TestCount)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

public sealed record SubmissionJudged(Guid SubmissionId, Guid TeamId, string ChallengeId, SubmissionOutcome Outcome, DateTimeOffset JudgedAt)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

/// <summary>
/// Another instance sharing the PostgreSQL stored this submission's verdict (ScaleOut/ClusterRelay). Read it from the
/// store. Never forwarded to the hub: the judging instance sent the team's events already, through Redis.
/// </summary>
public sealed record SubmissionJudgedElsewhere(Guid SubmissionId, Guid TeamId, string ChallengeId)
    : SubmissionEvent(SubmissionId, TeamId, ChallengeId);

/// <summary>In-process fan-out of judging progress; the realtime layer subscribes and forwards. A broken listener never stops judging.</summary>
public sealed class SubmissionEvents(ILogger<SubmissionEvents> logger) : Broadcast<SubmissionEvent>(logger);
