using System.Reflection;
using Dapper;

namespace Apug.Server.Data;

/// <summary>Applies the embedded Data/Migrations/NNNN_*.sql scripts in order, each once, recorded in a journal.</summary>
public sealed class Migrator(Database database, ILogger<Migrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(database.FilePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

        await using var connection = await database.OpenAsync(cancellationToken);
        // WAL lets the scoreboard and API read while a worker writes; it is a property of the file.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_journal (
                script     TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )
            """);
        var applied = (await connection.QueryAsync<string>("SELECT script FROM schema_journal")).ToHashSet();

        foreach (var (name, sql) in Scripts())
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

    internal static IEnumerable<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Apug.Server.Data.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource[prefix.Length..], reader.ReadToEnd());
        }
    }
}
