using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Apug.Server.Data;

public sealed class DatabaseOptions
{
    /// <summary>The SQLite file; relative paths resolve against the current directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "apug.db";
}

/// <summary>Hands out open connections; one per operation, as SQLite pools them anyway.</summary>
public sealed class Database(IOptions<DatabaseOptions> options)
{
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(options.Value.DatabasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string FilePath => Path.GetFullPath(options.Value.DatabasePath);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Foreign keys are per connection in SQLite; busy_timeout makes writers wait instead of failing.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
