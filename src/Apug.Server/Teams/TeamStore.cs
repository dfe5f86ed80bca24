using System.Text.Json;
using Apug.Server.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Apug.Server.Teams;

public sealed record Team(Guid Id, string Name, IReadOnlyList<string> Members, DateTimeOffset CreatedAt);

public sealed class TeamStore(Database database, TimeProvider clock)
{
    // Rows come back as SQLite stores them (TEXT); Dapper's constructor mapping does not apply type handlers.
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
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && ex.Message.Contains("teams.name", StringComparison.Ordinal))
        {
            return null;
        }
        return (team, token);
    }

    public async Task<Team?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TeamRow>(
            "SELECT id, name, members, created_at AS CreatedAt FROM teams WHERE token_hash = @hash",
            new { hash = TeamTokenAuthentication.Hash(token) });
        return row?.ToTeam();
    }

    public async Task<Team?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TeamRow>(
            "SELECT id, name, members, created_at AS CreatedAt FROM teams WHERE id = @id", new { id });
        return row?.ToTeam();
    }
}
