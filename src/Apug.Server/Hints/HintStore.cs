using Apug.Server.Data;
using Dapper;

namespace Apug.Server.Hints;

/// <summary>What the hints table holds for one hint: the organisers' edit (when Edited) and its release.</summary>
public sealed record StoredHint(string ChallengeId, int Number, string? Markdown, double Cost, int? ReleaseMinute, bool Edited, DateTimeOffset? ReleasedAt);

public sealed record HintOpening(Guid TeamId, string ChallengeId, int Number, double Cost, DateTimeOffset OpenedAt);

/// <summary>Hints and their openings in SQLite (plain SQL: upserts with ON CONFLICT, no SQLite-only statements).</summary>
public sealed class HintStore(Database database)
{
    private sealed record Row(string ChallengeId, long Number, string? Markdown, double Cost, long? ReleaseMinute, long Edited, string? ReleasedAt)
    {
        public StoredHint ToHint() => new(ChallengeId, (int)Number, Markdown, Cost, ReleaseMinute is { } m ? (int)m : null, Edited != 0, DbTime.ParseOrNull(ReleasedAt));
    }

    private sealed record OpeningRow(string TeamId, string ChallengeId, long Number, double Cost, string OpenedAt)
    {
        public HintOpening ToOpening() => new(Guid.Parse(TeamId), ChallengeId, (int)Number, Cost, DbTime.Parse(OpenedAt));
    }

    public async Task<IReadOnlyList<StoredHint>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>("""
            SELECT challenge_id AS ChallengeId, number, markdown, cost, release_minute AS ReleaseMinute, edited, released_at AS ReleasedAt
            FROM hints ORDER BY challenge_id, number
            """);
        return rows.Select(r => r.ToHint()).ToList();
    }

    /// <summary>Stores the organisers' text and settings for a hint (new, or replacing the package's).</summary>
    public async Task SaveAsync(string challengeId, int number, string markdown, double cost, int? releaseMinute, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO hints (challenge_id, number, markdown, cost, release_minute, edited, updated_at)
            VALUES (@challengeId, @number, @markdown, @cost, @releaseMinute, 1, @now)
            ON CONFLICT (challenge_id, number) DO UPDATE SET markdown = excluded.markdown, cost = excluded.cost,
                release_minute = excluded.release_minute, edited = 1, updated_at = excluded.updated_at
            """, new { challengeId, number, markdown, cost, releaseMinute, now });
    }

    /// <summary>Releases a hint once; false when it was already out (the first release time stands).</summary>
    public async Task<bool> ReleaseAsync(string challengeId, int number, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            INSERT INTO hints (challenge_id, number, released_at, updated_at) VALUES (@challengeId, @number, @at, @at)
            ON CONFLICT (challenge_id, number) DO UPDATE SET released_at = excluded.released_at, updated_at = excluded.updated_at
            WHERE hints.released_at IS NULL
            """, new { challengeId, number, at }) == 1;
    }

    /// <summary>Records that a team opened a hint; false when it had opened it before (it pays once).</summary>
    public async Task<bool> OpenAsync(Guid teamId, string challengeId, int number, double cost, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            INSERT INTO hint_openings (team_id, challenge_id, number, cost, opened_at) VALUES (@teamId, @challengeId, @number, @cost, @now)
            ON CONFLICT (team_id, challenge_id, number) DO NOTHING
            """, new { teamId = teamId.ToString(), challengeId, number, cost, now }) == 1;
    }

    public async Task<IReadOnlyList<HintOpening>> OpeningsAsync(Guid? teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OpeningRow>("""
            SELECT team_id AS TeamId, challenge_id AS ChallengeId, number, cost, opened_at AS OpenedAt FROM hint_openings
            WHERE @teamId IS NULL OR team_id = @teamId
            """, new { teamId = teamId?.ToString() });
        return rows.Select(r => r.ToOpening()).ToList();
    }
}
