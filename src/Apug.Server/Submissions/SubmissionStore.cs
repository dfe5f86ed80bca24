using Apug.Server.Data;
using Apug.Server.Judging;
using Dapper;

namespace Apug.Server.Submissions;

public sealed record Submission(
    Guid Id,
    Guid TeamId,
    string ChallengeId,
    string PackageHash,
    string Source,
    SubmissionStatus Status,
    Verdict? Verdict,
    double? Score,
    string? Message,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? JudgedAt)
{
    /// <summary>The language id (Judging/Languages.cs) it runs under.</summary>
    public string Language { get; init; } = Judging.Language.DefaultId;

    /// <summary>The team agreed that the organisers may show this source at the round-up (off unless asked for).</summary>
    public bool ShowAtRoundup { get; init; }
}

/// <summary>A submission just stored as queued: what the team's page is told about it.</summary>
public sealed record QueuedSubmission(Guid Id, Guid TeamId, string ChallengeId, DateTimeOffset CreatedAt)
{
    public static QueuedSubmission Of(Submission submission) => new(submission.Id, submission.TeamId, submission.ChallengeId, submission.CreatedAt);
}

/// <summary>
/// Submissions and their per-test results (SQLite or PostgreSQL). Every state change is one statement or one
/// transaction. A running submission is claimed by one instance (claimed_by) until its lease (lease_until) runs out.
/// </summary>
public sealed class SubmissionStore(Database database, InstanceIdentity instance)
{
    private const string Columns = """
        id, team_id AS TeamId, challenge_id AS ChallengeId, package_hash AS PackageHash, source, status, verdict, score,
        message, created_at AS CreatedAt, started_at AS StartedAt, judged_at AS JudgedAt, language, show_at_roundup AS ShowAtRoundup
        """;

    private sealed record Row(
        string Id, string TeamId, string ChallengeId, string PackageHash, string Source, string Status, string? Verdict,
        double? Score, string? Message, string CreatedAt, string? StartedAt, string? JudgedAt, string Language, long ShowAtRoundup)
    {
        public Submission ToSubmission() => new(
            Guid.Parse(Id), Guid.Parse(TeamId), ChallengeId, PackageHash, Source,
            SubmissionStatuses.Parse(Status),
            Verdict is null ? null : Enum.Parse<Verdict>(Verdict), Score, Message,
            DbTime.Parse(CreatedAt), DbTime.ParseOrNull(StartedAt), DbTime.ParseOrNull(JudgedAt)) { Language = Language, ShowAtRoundup = ShowAtRoundup != 0 };
    }

    private const string QueuedColumns = "id, team_id AS TeamId, challenge_id AS ChallengeId, created_at AS CreatedAt";

    private sealed record QueuedRow(string Id, string TeamId, string ChallengeId, string CreatedAt)
    {
        public QueuedSubmission ToQueued() => new(Guid.Parse(Id), Guid.Parse(TeamId), ChallengeId, DbTime.Parse(CreatedAt));
    }

    // As ORDER BY created_at, id would (an UPDATE's RETURNING has no order): the stored times sort as text.
    private static IReadOnlyList<QueuedSubmission> OldestFirst(IEnumerable<QueuedRow> rows) =>
        rows.OrderBy(r => r.CreatedAt, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.ToQueued()).ToList();

    private sealed record TestRow(
        long Ordinal, string Name, string TestGroup, long IsSample, string Verdict, long CpuMs, long WallMs, long MemoryKb,
        double? Score, string Message, string JudgeMessage, string? Output, string? Stderr)
    {
        public TestOutcome ToOutcome() => new((int)Ordinal, Name, TestGroup, IsSample != 0, Enum.Parse<Verdict>(Verdict),
            (int)CpuMs, (int)WallMs, (int)MemoryKb, Message, JudgeMessage, Output, Stderr, Score);
    }

    public async Task InsertAsync(Submission submission, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO submissions (id, team_id, challenge_id, package_hash, source, status, created_at, language, show_at_roundup)
            VALUES (@Id, @TeamId, @ChallengeId, @PackageHash, @Source, 'queued', @CreatedAt, @Language, @ShowAtRoundup)
            """, new { submission.Id, submission.TeamId, submission.ChallengeId, submission.PackageHash, submission.Source, submission.CreatedAt, submission.Language,
                submission.ShowAtRoundup });
    }

    public async Task<Submission?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM submissions WHERE id = @id", new { id });
        return row?.ToSubmission();
    }

    public async Task<IReadOnlyList<Submission>> ListForTeamAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM submissions WHERE team_id = @teamId ORDER BY created_at DESC", new { teamId });
        return rows.Select(r => r.ToSubmission()).ToList();
    }

    public async Task<IReadOnlyList<TestOutcome>> TestsAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TestRow>("""
            SELECT ordinal, name, test_group AS TestGroup, is_sample AS IsSample, verdict, cpu_ms AS CpuMs, wall_ms AS WallMs,
                   memory_kb AS MemoryKb, score, message, judge_message AS JudgeMessage, output, stderr
            FROM test_results WHERE submission_id = @submissionId ORDER BY ordinal
            """, new { submissionId });
        return rows.Select(r => r.ToOutcome()).ToList();
    }

    // PostgreSQL: a lease is written and read against the database's clock (now()), never this machine's, so instances
    // whose clocks disagree still agree on whether a claim has expired. Stored as the same ISO 8601 UTC text as DbTime.
    private static readonly string PostgresLeaseUntil = DbTime.PostgresText("now() + @leaseSeconds * interval '1 second'");
    private const string PostgresLeaseExpired = "lease_until::timestamptz < now()";

    /// <summary>
    /// Moves a queued submission to running, claimed by this instance; null when it is not queued (already taken or
    /// judged). On PostgreSQL a running one whose lease expired (its instance died) is taken over too, and a row another
    /// instance is claiming right now is skipped, not waited for. <paramref name="now"/> is the start shown to people;
    /// the lease follows the database's clock.
    /// </summary>
    public async Task<Submission?> ClaimAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(database.IsPostgres
            ? $"""
              UPDATE submissions SET status = 'running', started_at = @now, claimed_by = @instanceId, lease_until = {PostgresLeaseUntil}
              WHERE id = (SELECT id FROM submissions
                          WHERE id = @id AND (status = 'queued' OR (status = 'running' AND {PostgresLeaseExpired}))
                          FOR UPDATE SKIP LOCKED)
              RETURNING {Columns}
              """
            : $"""
              UPDATE submissions SET status = 'running', started_at = @now, claimed_by = @instanceId, lease_until = @leaseUntil
              WHERE id = @id AND status = 'queued'
              RETURNING {Columns}
              """, new { id, now, instanceId = instance.Id, leaseUntil = LeaseUntil(now), leaseSeconds = database.Settings.LeaseSeconds });
        return row?.ToSubmission();
    }

    /// <summary>
    /// PostgreSQL: claims the oldest submission that is queued, or running under an expired lease (by the database's
    /// clock), for this instance; null when there is none. Instances calling it at once each get a different one
    /// (FOR UPDATE SKIP LOCKED).
    /// </summary>
    public async Task<Submission?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres) throw new InvalidOperationException("SQLite judges from the in-process queue (ClaimAsync).");
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"""
            UPDATE submissions SET status = 'running', started_at = @now, claimed_by = @instanceId, lease_until = {PostgresLeaseUntil}
            WHERE id = (SELECT id FROM submissions
                        WHERE status = 'queued' OR (status = 'running' AND {PostgresLeaseExpired})
                        ORDER BY created_at, id LIMIT 1
                        FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """, new { now, instanceId = instance.Id, leaseSeconds = database.Settings.LeaseSeconds });
        return row?.ToSubmission();
    }

    /// <summary>Extends the leases of these submissions, where this instance still holds them; returns how many.</summary>
    public async Task<int> RenewLeasesAsync(IReadOnlyCollection<Guid> judging, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (judging.Count == 0) return 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        // Dapper passes a list to Npgsql as one array parameter (= ANY), to SQLite as a list of parameters (IN).
        return await connection.ExecuteAsync(database.IsPostgres
            ? $"UPDATE submissions SET lease_until = {PostgresLeaseUntil} WHERE id = ANY(@ids) AND status = 'running' AND claimed_by = @instanceId"
            : "UPDATE submissions SET lease_until = @leaseUntil WHERE id IN @ids AND status = 'running' AND claimed_by = @instanceId",
            new { ids = judging.Select(id => id.ToString()).ToArray(), instanceId = instance.Id, leaseUntil = LeaseUntil(now),
                leaseSeconds = database.Settings.LeaseSeconds });
    }

    // SQLite has one instance: its clock is the only one, and nothing takes a lease over.
    private string LeaseUntil(DateTimeOffset now) => DbTime.Format(now.AddSeconds(database.Settings.LeaseSeconds));

    /// <summary>
    /// Stores the final result and every test result in one transaction, only if the submission is still running:
    /// a submission gets exactly one final result, never a mix of two judgings. Only while this instance holds the claim:
    /// an instance whose lease ran out and was taken over drops its late result.
    /// </summary>
    /// <param name="awaitingEngine">The result is a JE because the engine was unreachable: judge it again once it answers.</param>
    public async Task<bool> CompleteAsync(Guid id, string packageHash, SubmissionOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken,
        bool awaitingEngine = false)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync("""
            UPDATE submissions SET status = 'judged', verdict = @verdict, score = @Score, message = @Message,
                   judged_at = @now, package_hash = @packageHash, awaiting_engine = @awaitingEngine, claimed_by = NULL, lease_until = NULL
            WHERE id = @id AND status = 'running' AND claimed_by = @instanceId
            """, new { id, verdict = outcome.Verdict.ToString(), outcome.Score, outcome.Message, now, packageHash, awaitingEngine, instanceId = instance.Id },
            transaction);
        if (updated != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await connection.ExecuteAsync("DELETE FROM test_results WHERE submission_id = @id", new { id }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO test_results (submission_id, ordinal, name, test_group, is_sample, verdict, cpu_ms, wall_ms, memory_kb, score,
                                      message, judge_message, output, stderr)
            VALUES (@id, @Ordinal, @Name, @Group, @IsSample, @verdict, @CpuMs, @WallMs, @MemoryKb, @Score, @Message, @JudgeMessage, @Output, @Stderr)
            """, outcome.Tests.Select(t => new
            {
                id, t.Ordinal, t.Name, t.Group, t.IsSample, verdict = t.Verdict.ToString(), t.CpuMs, t.WallMs, t.MemoryKb, t.Score,
                t.Message, t.JudgeMessage, t.Output, t.Stderr,
            }), transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// After a restart: what this server was judging was interrupted and goes back to queued; returns what the in-process
    /// queue is to hold, oldest first. SQLite has one server, so that is everything running, and the queue (lost with the
    /// process) gets every queued submission. On PostgreSQL only this instance's own claims (a stable Apug:InstanceId)
    /// come back at once, another instance's stay its own until their lease runs out; and only those are returned: the
    /// workers claim from the shared table itself.
    /// </summary>
    public async Task<IReadOnlyList<QueuedSubmission>> RecoverPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
            return OldestFirst(await connection.QueryAsync<QueuedRow>($"""
                UPDATE submissions SET status = 'queued', started_at = NULL, claimed_by = NULL, lease_until = NULL
                WHERE status = 'running' AND claimed_by = @instanceId
                RETURNING {QueuedColumns}
                """, new { instanceId = instance.Id }));
        await connection.ExecuteAsync("UPDATE submissions SET status = 'queued', started_at = NULL, claimed_by = NULL, lease_until = NULL WHERE status = 'running'");
        return OldestFirst(await connection.QueryAsync<QueuedRow>($"SELECT {QueuedColumns} FROM submissions WHERE status = 'queued'"));
    }

    /// <summary>The queued submissions, oldest first, at most <paramref name="limit"/> (to refill a judge queue that overflowed).</summary>
    public async Task<IReadOnlyList<Guid>> ListQueuedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>("SELECT id FROM submissions WHERE status = 'queued' ORDER BY created_at, id LIMIT @limit", new { limit });
        return ids.Select(Guid.Parse).ToList();
    }

    public async Task<bool> AnyAwaitingEngineAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT EXISTS (SELECT 1 FROM submissions WHERE awaiting_engine = 1)") == 1;
    }

    /// <summary>Puts every submission that got a JE for want of an engine back to queued, in one statement; returns them, oldest first.</summary>
    public async Task<IReadOnlyList<QueuedSubmission>> RequeueAwaitingEngineAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return OldestFirst(await connection.QueryAsync<QueuedRow>($"""
            UPDATE submissions SET status = 'queued', verdict = NULL, score = NULL, message = NULL, started_at = NULL,
                   judged_at = NULL, awaiting_engine = 0
            WHERE awaiting_engine = 1 AND status = 'judged'
            RETURNING {QueuedColumns}
            """));
    }

    /// <summary>
    /// Rejudge: puts judged submissions (one, all of a challenge, or all with a verdict) back to queued in one statement
    /// and returns them, oldest first. The old verdict and test results stay until CompleteAsync replaces them in its
    /// transaction, so a submission always has exactly one complete result. Queued or running ones are left alone.
    /// </summary>
    public async Task<IReadOnlyList<QueuedSubmission>> RequeueForRejudgeAsync(Guid? id, string? challengeId, Verdict? verdict, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return OldestFirst(await connection.QueryAsync<QueuedRow>($"""
            UPDATE submissions SET status = 'queued', started_at = NULL
            WHERE status = 'judged'
              AND (@id IS NULL OR id = @id)
              AND (@challengeId IS NULL OR challenge_id = @challengeId)
              AND (@verdict IS NULL OR verdict = @verdict)
            RETURNING {QueuedColumns}
            """, new { id = id?.ToString(), challengeId, verdict = verdict?.ToString() }));
    }
}
