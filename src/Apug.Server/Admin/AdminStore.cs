using Apug.Server.Data;
using Apug.Server.Judging;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Apug.Server.Admin;

public sealed record AdminSubmission(
    Guid Id, Guid TeamId, string TeamName, string ChallengeId, string Status, Verdict? Verdict, double? Score, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? JudgedAt);

public sealed record AdminTeam(
    Guid Id, string Name, IReadOnlyList<string> Members, DateTimeOffset CreatedAt, int Submissions, bool Hidden, bool Disqualified,
    string? DisqualifiedReason);

public sealed record Announcement(long Id, string Message, DateTimeOffset At);

public sealed record SubmissionFilter(Guid? TeamId, string? ChallengeId, Verdict? Verdict, string? Status);

/// <summary>The organisers' queries and changes. Judging state itself changes only through SubmissionStore.</summary>
public sealed class AdminStore(Database database)
{
    private sealed record SubmissionRow(
        string Id, string TeamId, string TeamName, string ChallengeId, string Status, string? Verdict, double? Score, string? Message,
        string CreatedAt, string? JudgedAt)
    {
        public AdminSubmission ToSubmission() => new(Guid.Parse(Id), Guid.Parse(TeamId), TeamName, ChallengeId, Status,
            Verdict is null ? null : Enum.Parse<Verdict>(Verdict), Score, Message, DbTime.Parse(CreatedAt), DbTime.ParseOrNull(JudgedAt));
    }

    // A class, not a positional record: with no rows SQLite reports the COUNT column's type as BLOB, which breaks
    // Dapper's constructor matching; property setters convert.
    private sealed class TeamRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Members { get; set; } = "[]";
        public string CreatedAt { get; set; } = "";
        public long Submissions { get; set; }
        public long Hidden { get; set; }
        public string? Reason { get; set; }

        public AdminTeam ToTeam() => new(Guid.Parse(Id), Name, System.Text.Json.JsonSerializer.Deserialize<string[]>(Members) ?? [],
            DbTime.Parse(CreatedAt), (int)Submissions, Hidden != 0, Reason is not null, Reason);
    }

    private sealed record AnnouncementRow(long Id, string Message, string CreatedAt)
    {
        public Announcement ToAnnouncement() => new(Id, Message, DbTime.Parse(CreatedAt));
    }

    public async Task<IReadOnlyList<AdminSubmission>> SubmissionsAsync(SubmissionFilter filter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>("""
            SELECT s.id, s.team_id AS TeamId, t.name AS TeamName, s.challenge_id AS ChallengeId, s.status, s.verdict, s.score, s.message,
                   s.created_at AS CreatedAt, s.judged_at AS JudgedAt
            FROM submissions s JOIN teams t ON t.id = s.team_id
            WHERE (@TeamId IS NULL OR s.team_id = @TeamId)
              AND (@ChallengeId IS NULL OR s.challenge_id = @ChallengeId)
              AND (@Verdict IS NULL OR s.verdict = @Verdict)
              AND (@Status IS NULL OR s.status = @Status)
            ORDER BY s.created_at DESC, s.id
            LIMIT @limit
            """, new { TeamId = filter.TeamId?.ToString(), filter.ChallengeId, Verdict = filter.Verdict?.ToString(), filter.Status, limit });
        return rows.Select(r => r.ToSubmission()).ToList();
    }

    public async Task<IReadOnlyList<AdminTeam>> TeamsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TeamRow>("""
            SELECT t.id, t.name, t.members, t.created_at AS CreatedAt, t.hidden,
                   (SELECT COUNT(*) FROM submissions s WHERE s.team_id = t.id) AS Submissions, d.reason
            FROM teams t LEFT JOIN team_disqualifications d ON d.team_id = t.id
            ORDER BY t.created_at, t.id
            """);
        return rows.Select(r => r.ToTeam()).ToList();
    }

    public enum RenameResult { Renamed, NotFound, NameTaken }

    public async Task<RenameResult> RenameTeamAsync(Guid id, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return await connection.ExecuteAsync("UPDATE teams SET name = @name WHERE id = @id", new { id, name }) == 1
                ? RenameResult.Renamed : RenameResult.NotFound;
        }
        catch (Exception ex) when (Database.IsUniqueViolation(ex, "teams", "name"))
        {
            return RenameResult.NameTaken;
        }
    }

    /// <summary>Marks a team disqualified (or lifts it with reason null); false when there is no such team.</summary>
    public async Task<bool> SetDisqualifiedAsync(Guid id, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE id = @id", new { id }) == 0) return false;
        if (reason is null)
            await connection.ExecuteAsync("DELETE FROM team_disqualifications WHERE team_id = @id", new { id });
        else
            await connection.ExecuteAsync("""
                INSERT INTO team_disqualifications (team_id, reason, created_at) VALUES (@id, @reason, @now)
                ON CONFLICT (team_id) DO UPDATE SET reason = excluded.reason
                """, new { id, reason, now });
        return true;
    }

    public async Task<bool> IsDisqualifiedAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM team_disqualifications WHERE team_id = @teamId",
            new { teamId }) > 0;
    }

    public async Task<IReadOnlySet<Guid>> DisqualifiedTeamsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>("SELECT team_id FROM team_disqualifications")).Select(Guid.Parse).ToHashSet();
    }

    public async Task<Announcement> AddAnnouncementAsync(string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<AnnouncementRow>(
            "INSERT INTO announcements (message, created_at) VALUES (@message, @now) RETURNING id, message, created_at AS CreatedAt",
            new { message, now });
        return row.ToAnnouncement();
    }

    public async Task<IReadOnlyList<Announcement>> AnnouncementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AnnouncementRow>("SELECT id, message, created_at AS CreatedAt FROM announcements ORDER BY id DESC");
        return rows.Select(r => r.ToAnnouncement()).ToList();
    }

    /// <summary>
    /// A consistent copy of the live database (SQLite online backup: pages copied under a read transaction, so writes by
    /// the judge during the copy are either wholly in or wholly out). The caller deletes the file.
    /// </summary>
    public async Task<string> BackupAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"apug-backup-{Guid.NewGuid():N}.db");
        await using var source = await database.OpenAsync(cancellationToken);
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await destination.OpenAsync(cancellationToken);
        ((SqliteConnection)source).BackupDatabase(destination);
        return path;
    }
}
