using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Apug.Server.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class DatabaseOptions
{
    /// <summary>The SQLite file; relative paths resolve against the current directory. With PostgreSQL, files kept beside it (the admin token) still go to its folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "apug.db";

    /// <summary>Apug:Database: which database holds the state (SQLite, the default, or a shared PostgreSQL).</summary>
    public DatabaseProviderOptions Database { get; set; } = new();
}

public sealed class DatabaseProviderOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ConnectionStrings:Apug (copied here at start); required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a claimed submission stays an instance's without a renewal; then another instance takes it over (PostgreSQL).</summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle worker looks for work queued elsewhere or left by a dead instance (PostgreSQL; NOTIFY usually wakes it sooner).</summary>
    [Range(0.1, 600)]
    public double PollSeconds { get; set; } = 2;
}

/// <summary>Hands out open connections, one per operation (both providers pool them), to SQLite or to PostgreSQL.</summary>
public sealed class Database : IAsyncDisposable
{
    private readonly DatabaseOptions options;
    private readonly string sqliteConnectionString;
    private readonly NpgsqlDataSource? postgres;

    public Database(IOptions<DatabaseOptions> options)
    {
        this.options = options.Value;
        sqliteConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(this.options.DatabasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        if (Provider == DatabaseProvider.Postgres)
            postgres = NpgsqlDataSource.Create(this.options.Database.ConnectionString
                ?? throw new InvalidOperationException("Apug:Database:Provider is postgres but ConnectionStrings:Apug is not set."));
    }

    public DatabaseProvider Provider => options.Database.Provider;

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public DatabaseProviderOptions Settings => options.Database;

    public string FilePath => Path.GetFullPath(options.DatabasePath);

    /// <summary>The PostgreSQL data source (LISTEN needs a connection of its own); null on SQLite.</summary>
    internal NpgsqlDataSource? Postgres => postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null) return await postgres.OpenConnectionAsync(cancellationToken);
        var connection = new SqliteConnection(sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        // Foreign keys are per connection in SQLite; busy_timeout makes writers wait instead of failing.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// True when the exception is a unique violation (of table.column, when given) in either database. SQLite names the
    /// column in its message; PostgreSQL names the index, which its migrations call table_column.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception, string? table = null, string? column = null) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19
            && (table is null || sqlite.Message.Contains($"{table}.{column}", StringComparison.Ordinal)),
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation && (table is null || pg.ConstraintName == $"{table}_{column}"),
        _ => false,
    };

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
