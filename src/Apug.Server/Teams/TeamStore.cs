using System.Text.Json;
using Apug.Server.Data;
using Dapper;

namespace Apug.Server.Teams;

public sealed record Team(Guid Id, string Name, IReadOnlyList<string> Members, DateTimeOffset CreatedAt);

public sealed class TeamStore(Database database, TimeProvider clock)
{
    // Rows come back as stored (TEXT, in both databases); Dapper's constructor mapping does not apply type handlers.
    private sealed record TeamRow(string Id, string Name, string Members, string CreatedAt)
    {
        public Team ToTeam() => new(Guid.Parse(Id), Name, JsonSerializer.Deserialize<string[]>(Members) ?? [], DbTime.Parse(CreatedAt));
    }

    /// <summary>Creates a team; null when the name is taken (names are unique, ignoring case).</summary>
    public async Task<(Team Team, string Token)?> CreateAsync(string name, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var team = new Team(Guid.NewGuid(), name, members, clock.GetUtcNow());
        var token = TeamTokenAuthentication.NewToken();
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync("""
                INSERT INTO teams (id, name, members, token_hash, created_at)
                VALUES (@Id, @Name, @Members, @TokenHash, @CreatedAt)
                """, new { team.Id, team.Name, Members = JsonSerializer.Serialize(members), TokenHash = TeamTokenAuthentication.Hash(token), team.CreatedAt });
        }
        catch (Exception ex) when (Database.IsUniqueViolation(ex, "teams", "name"))
        {
            return null;
        }
        return (team, token);
    }

    /// <summary>The team of a token: the one made at registration, or one a join code gave another device.</summary>
    public async Task<Team?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<TeamRow>("""
            SELECT id, name, members, created_at AS CreatedAt FROM teams WHERE token_hash = @hash
            UNION ALL
            SELECT t.id, t.name, t.members, t.created_at FROM team_sessions s JOIN teams t ON t.id = s.team_id WHERE s.token_hash = @hash
            LIMIT 1
            """, new { hash = TeamTokenAuthentication.Hash(token) });
        return row?.ToTeam();
    }

    /// <summary>Stores a new join code for the team (only its hash) and drops the team's expired ones.</summary>
    public async Task CreateJoinCodeAsync(Guid teamId, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            DELETE FROM join_codes WHERE expires_at <= @now;
            INSERT INTO join_codes (code_hash, team_id, expires_at, created_at) VALUES (@hash, @teamId, @expiresAt, @now);
            """, new { hash = JoinCodes.Hash(code), teamId, expiresAt = DbTime.Format(expiresAt), now = DbTime.Format(clock.GetUtcNow()) });
    }

    /// <summary>
    /// Exchanges a join code, once, for a new session token on the code's team; null when the code is unknown,
    /// used or expired. Deleting the row is what makes it one-time, even when two devices race.
    /// </summary>
    public async Task<(Team Team, string Token)?> RedeemJoinCodeAsync(string code, CancellationToken cancellationToken)
    {
        var now = DbTime.Format(clock.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var teamId = await connection.QuerySingleOrDefaultAsync<string>(
            "DELETE FROM join_codes WHERE code_hash = @hash RETURNING CASE WHEN expires_at > @now THEN team_id END",
            new { hash = JoinCodes.Hash(code), now }, transaction);
        if (teamId is null)
        {
            await transaction.CommitAsync(cancellationToken); // an expired code is gone either way
            return null;
        }
        var token = TeamTokenAuthentication.NewToken();
        await connection.ExecuteAsync(
            "INSERT INTO team_sessions (token_hash, team_id, created_at) VALUES (@hash, @teamId, @now)",
            new { hash = TeamTokenAuthentication.Hash(token), teamId, now }, transaction);
        var row = await connection.QuerySingleAsync<TeamRow>(
            "SELECT id, name, members, created_at AS CreatedAt FROM teams WHERE id = @teamId", new { teamId }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return (row.ToTeam(), token);
    }

    public async Task<Team?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TeamRow>(
            "SELECT id, name, members, created_at AS CreatedAt FROM teams WHERE id = @id", new { id });
        return row?.ToTeam();
    }
}
