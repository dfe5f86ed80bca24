using Apug.Server.Data;
using Apug.Server.ScaleOut;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Apug.Tests.ScaleOut;

[Collection(ScaleOutCollection.Name)]
public sealed class PostgresMigrationTests(ScaleOutServers servers)
{
    private static Database PostgresDatabase(string connectionString) => new(Options.Create(new DatabaseOptions
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), "apug-unused.db"),
        Database = new DatabaseProviderOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString },
    }));

    [Fact]
    public async Task EveryMigrationAppliesOnAFreshDatabaseOnceAndAgainChangesNothing()
    {
        var connectionString = await servers.NewDatabaseAsync();
        await using var database = PostgresDatabase(connectionString);
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);

        // Two instances starting at once: the advisory lock makes them take turns, each script runs once.
        await Task.WhenAll(migrator.MigrateAsync(), new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync());
        await migrator.MigrateAsync();

        await using var connection = await database.OpenAsync();
        var journal = (await connection.QueryAsync<string>("SELECT script FROM schema_journal ORDER BY script")).ToList();
        Assert.Equal(Migrator.Scripts().Select(s => s.Name).ToList(), journal);
        Assert.Contains("0011_claims.sql", journal);
        var columns = (await connection.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'submissions'")).ToHashSet();
        Assert.Superset(new HashSet<string> { "claimed_by", "lease_until", "awaiting_engine", "language" }, columns);
        // The PostgreSQL text was used where it differs: BIGINT, not SQLite's INTEGER (which PostgreSQL would make int4).
        Assert.Equal("bigint", await connection.ExecuteScalarAsync<string>(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'teams' AND column_name = 'hidden'"));
        // Team names are unique ignoring case, as SQLite's COLLATE NOCASE has it.
        await connection.ExecuteAsync("INSERT INTO teams (id, name, members, token_hash, created_at) VALUES ('a', 'Pugs', '[]', 'h1', 'x')");
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("INSERT INTO teams (id, name, members, token_hash, created_at) VALUES ('b', 'PUGS', '[]', 'h2', 'x')"));
        Assert.True(Database.IsUniqueViolation(duplicate, "teams", "name"));
    }

    [Fact]
    public async Task EveryPostgresScriptReplacesAScriptOfTheSameNumber()
    {
        var sqlite = Migrator.Scripts(DatabaseProvider.Sqlite).ToList();
        var postgres = Migrator.Scripts(DatabaseProvider.Postgres).ToList();
        Assert.Equal(sqlite.Select(s => s.Name), postgres.Select(s => s.Name));
        Assert.Contains(postgres, s => s.Name == "0001_initial.sql" && s.Sql.Contains("lower(name)", StringComparison.Ordinal));
        Assert.DoesNotContain(postgres, s => s.Sql.Contains("AUTOINCREMENT", StringComparison.Ordinal) || s.Sql.Contains("NOCASE", StringComparison.Ordinal));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AServerConfiguredForPostgresStoresThereAndListensToTheOtherInstances()
    {
        using var factory = new ApugFactory(settings: await servers.PostgresSettingsAsync());
        await factory.CreateTeamClientAsync("Elephants");
        var database = factory.Services.GetRequiredService<Database>();
        Assert.True(database.IsPostgres);
        await using var connection = await database.OpenAsync();
        Assert.IsType<NpgsqlConnection>(connection);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE name = 'Elephants'"));
        await factory.Services.GetRequiredService<ClusterSignals>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
