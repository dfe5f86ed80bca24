using System.Data.Common;
using Dapper;

namespace Apug.Server.Data;

/// <summary>
/// Applies the embedded Data/Migrations/NNNN_*.sql scripts in order, each once, recorded in a journal. PostgreSQL runs
/// the same numbered scripts, taking Data/Migrations/Postgres/NNNN_*.sql instead where its SQL differs.
/// </summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    // Any constant: instances starting together against one PostgreSQL take turns, so a script runs once.
    private const long PostgresLockKey = 0x41505547; // "APUG"

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(database.FilePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@PostgresLockKey)", new { PostgresLockKey });
        else
            // WAL lets the scoreboard and API read while a worker writes; it is a property of the file.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        try
        {
            await ApplyAsync(connection, cancellationToken);
        }
        finally
        {
            if (database.IsPostgres) await connection.ExecuteAsync("SELECT pg_advisory_unlock(@PostgresLockKey)", new { PostgresLockKey });
        }
    }

    private async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_journal (
                script     TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )
            """);
        var applied = (await connection.QueryAsync<string>("SELECT script FROM schema_journal")).ToHashSet();

        foreach (var (name, sql) in Scripts(database.Provider))
        {
            if (applied.Contains(name)) continue;
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_journal (script, applied_at) VALUES (@name, @now)",
                new { name, now = DateTimeOffset.UtcNow.ToString("O") }, transaction);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied database migration {Script}", name);
        }
    }

    /// <summary>The scripts in order, by their journal name (NNNN_name.sql), in the provider's dialect.</summary>
    internal static IEnumerable<(string Name, string Sql)> Scripts(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        const string prefix = "Apug.Server.Data.Migrations.";
        const string postgresPrefix = prefix + "Postgres.";
        var assembly = typeof(Migrator).Assembly;
        var resources = assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).ToHashSet();
        foreach (var resource in resources
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !n.StartsWith(postgresPrefix, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..];
            var chosen = provider == DatabaseProvider.Postgres && resources.Contains(postgresPrefix + name) ? postgresPrefix + name : resource;
            using var stream = assembly.GetManifestResourceStream(chosen)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }
}
