using Apug.Server.Data;
using Apug.Server.Judging;
using Dapper;

namespace Apug.Server.Contest;

/// <summary>What the contest reads and keeps in the database: the clock, revealed cells, hidden teams and judged attempts.</summary>
public sealed class ContestStore(Database database)
{
    // Rows come back as TEXT; Dapper's constructor mapping does not apply type handlers (see SubmissionStore).
    private sealed record ClockRow(string? StartsAt, string? EndsAt, string? FreezesAt, long RevealedAll)
    {
        public ContestSchedule ToSchedule() =>
            new(DbTime.ParseOrNull(StartsAt), DbTime.ParseOrNull(EndsAt), DbTime.ParseOrNull(FreezesAt), RevealedAll != 0);
    }

    private sealed record RevealRow(string TeamId, string ChallengeId);

    private sealed record TeamRow(string Id, string Name, long Hidden);

    private sealed record AttemptRow(string Id, string TeamId, string ChallengeId, string CreatedAt, string Verdict, double? Score)
    {
        public Attempt ToAttempt() =>
            new(Guid.Parse(Id), Guid.Parse(TeamId), ChallengeId, DbTime.Parse(CreatedAt), Enum.Parse<Verdict>(Verdict), Score);
    }

    private const string AttemptColumns =
        "id, team_id AS TeamId, challenge_id AS ChallengeId, created_at AS CreatedAt, verdict, score";

    /// <summary>The schedule the organisers last saved for this contest, or null when they never changed it.</summary>
    public async Task<(ContestSchedule? Schedule, IReadOnlySet<RevealedCell> Revealed)> LoadClockAsync(string contestName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ClockRow>("""
            SELECT starts_at AS StartsAt, ends_at AS EndsAt, freezes_at AS FreezesAt, revealed_all AS RevealedAll
            FROM contest_clock WHERE contest_name = @contestName
            """, new { contestName });
        var reveals = await connection.QueryAsync<RevealRow>(
            "SELECT team_id AS TeamId, challenge_id AS ChallengeId FROM contest_reveals WHERE contest_name = @contestName", new { contestName });
        return (row?.ToSchedule(), reveals.Select(r => new RevealedCell(Guid.Parse(r.TeamId), r.ChallengeId)).ToHashSet());
    }

    /// <summary>Saves the schedule; clearReveals also forgets revealed cells (after an unfreeze or a new start).</summary>
    public async Task SaveClockAsync(string contestName, ContestSchedule schedule, bool clearReveals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO contest_clock (contest_name, starts_at, ends_at, freezes_at, revealed_all, updated_at)
            VALUES (@contestName, @StartsAt, @EndsAt, @FreezesAt, @RevealedAll, @now)
            ON CONFLICT (contest_name) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                freezes_at = excluded.freezes_at, revealed_all = excluded.revealed_all, updated_at = excluded.updated_at
            """, new { contestName, schedule.StartsAt, schedule.EndsAt, schedule.FreezesAt, schedule.RevealedAll, now }, transaction);
        if (clearReveals)
            await connection.ExecuteAsync("DELETE FROM contest_reveals WHERE contest_name = @contestName", new { contestName }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddRevealAsync(string contestName, RevealedCell cell, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO contest_reveals (contest_name, team_id, challenge_id, revealed_at)
            VALUES (@contestName, @TeamId, @ChallengeId, @now)
            ON CONFLICT DO NOTHING
            """, new { contestName, cell.TeamId, cell.ChallengeId, now });
    }

    public async Task<IReadOnlyList<BoardTeam>> TeamsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TeamRow>("SELECT id, name, hidden FROM teams");
        return rows.Select(r => new BoardTeam(Guid.Parse(r.Id), r.Name, r.Hidden != 0)).ToList();
    }

    /// <summary>False when there is no such team.</summary>
    public async Task<bool> SetHiddenAsync(Guid teamId, bool hidden, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE teams SET hidden = @hidden WHERE id = @teamId", new { teamId, hidden }) == 1;
    }

    /// <summary>Every judged submission: the scoreboard's whole input.</summary>
    public async Task<IReadOnlyList<Attempt>> AttemptsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttemptRow>(
            $"SELECT {AttemptColumns} FROM submissions WHERE status = 'judged' AND verdict IS NOT NULL");
        return rows.Select(r => r.ToAttempt()).ToList();
    }

    private sealed record HintCostRow(string TeamId, string ChallengeId, double Cost, string OpenedAt);

    /// <summary>Every costed hint a team opened (Hints/): the rest of the scoreboard's input in points scoring.</summary>
    public async Task<IReadOnlyList<HintCost>> HintCostsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HintCostRow>(
            "SELECT team_id AS TeamId, challenge_id AS ChallengeId, cost, opened_at AS OpenedAt FROM hint_openings WHERE cost > 0");
        return rows.Select(r => new HintCost(Guid.Parse(r.TeamId), r.ChallengeId, r.Cost, DbTime.Parse(r.OpenedAt))).ToList();
    }

    /// <summary>One submission as an attempt, or null while it is not judged.</summary>
    public async Task<Attempt?> AttemptAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AttemptRow>(
            $"SELECT {AttemptColumns} FROM submissions WHERE id = @submissionId AND status = 'judged' AND verdict IS NOT NULL", new { submissionId });
        return row?.ToAttempt();
    }
}
