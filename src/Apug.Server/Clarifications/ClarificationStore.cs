using Apug.Server.Data;
using Dapper;

namespace Apug.Server.Clarifications;

/// <summary>
/// One clarification: a team's question and the organisers' answer (null until answered), or an organisers' message
/// to everyone (TeamId and Question null, Answer the message, Public).
/// </summary>
public sealed record Clarification(
    long Id, Guid? TeamId, string? TeamName, string? ChallengeId, string? Question, DateTimeOffset? AskedAt,
    string? Answer, DateTimeOffset? AnsweredAt, bool Public)
{
    public bool Answered => Answer is not null;
}

public sealed class ClarificationStore(Database database)
{
    /// <summary>After every stored change (the Contest API's event feed listens).</summary>
    public event Action? Changed;

    // TEXT columns as SQLite returns them; a class with setters, since COUNT/LEFT JOIN columns may come back untyped.
    private sealed class Row
    {
        public long Id { get; set; }
        public string? TeamId { get; set; }
        public string? TeamName { get; set; }
        public string? ChallengeId { get; set; }
        public string? Question { get; set; }
        public string? AskedAt { get; set; }
        public string? Answer { get; set; }
        public string? AnsweredAt { get; set; }
        public long IsPublic { get; set; }

        public Clarification ToClarification() => new(Id, TeamId is null ? null : Guid.Parse(TeamId), TeamName, ChallengeId, Question,
            DbTime.ParseOrNull(AskedAt), Answer, DbTime.ParseOrNull(AnsweredAt), IsPublic != 0);
    }

    private const string Select = """
        SELECT c.id, c.team_id AS TeamId, t.name AS TeamName, c.challenge_id AS ChallengeId, c.question, c.asked_at AS AskedAt,
               c.answer, c.answered_at AS AnsweredAt, c.is_public AS IsPublic
        FROM clarifications c LEFT JOIN teams t ON t.id = c.team_id
        """;

    public async Task<Clarification> AskAsync(Guid teamId, string? challengeId, string question, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clarifications (team_id, challenge_id, question, asked_at) VALUES (@teamId, @challengeId, @question, @now)
            RETURNING id
            """, new { teamId = teamId.ToString(), challengeId, question, now });
        Changed?.Invoke();
        return (await FindAsync(id, cancellationToken))!;
    }

    /// <summary>An organisers' message to every team, not an answer to anyone.</summary>
    public async Task<Clarification> BroadcastAsync(string? challengeId, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clarifications (challenge_id, answer, answered_at, is_public) VALUES (@challengeId, @text, @now, 1) RETURNING id
            """, new { challengeId, text, now });
        Changed?.Invoke();
        return (await FindAsync(id, cancellationToken))!;
    }

    public enum AnswerResult { Answered, NotFound, AlreadyAnswered }

    /// <summary>Answers once: a second answer would leave the team unsure which one holds.</summary>
    public async Task<(AnswerResult Result, Clarification? Clarification)> AnswerAsync(
        long id, string answer, bool isPublic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync("""
            UPDATE clarifications SET answer = @answer, answered_at = @now, is_public = @isPublic
            WHERE id = @id AND answer IS NULL AND question IS NOT NULL
            """, new { id, answer, now, isPublic });
        var found = await FindAsync(id, cancellationToken);
        if (updated == 1)
        {
            Changed?.Invoke();
            return (AnswerResult.Answered, found);
        }
        return (found is null ? AnswerResult.NotFound : AnswerResult.AlreadyAnswered, found);
    }

    public async Task<Clarification?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE c.id = @id", new { id });
        return row?.ToClarification();
    }

    /// <summary>What one team may read: its own questions (answered or not) and every public answer or message.</summary>
    public async Task<IReadOnlyList<Clarification>> ForTeamAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"{Select} WHERE c.team_id = @teamId OR (c.is_public = 1 AND c.answer IS NOT NULL) ORDER BY c.id DESC", new { teamId = teamId.ToString() });
        return rows.Select(r => r.ToClarification()).ToList();
    }

    /// <summary>Everything, oldest first (the organisers' page sorts unanswered first itself).</summary>
    public async Task<IReadOnlyList<Clarification>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"{Select} ORDER BY c.id");
        return rows.Select(r => r.ToClarification()).ToList();
    }
}
