namespace Apug.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL and one Redis for the whole test run, stopped when it ends. Each test takes a fresh database of its own
/// (<see cref="LocalPostgresAndRedis.NewDatabaseAsync"/>).
/// </summary>
public sealed class ScaleOutServers : LocalPostgresAndRedis, IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();

    public Task DisposeAsync() => StopAsync();

    /// <summary>The settings that put a server on a new database of this PostgreSQL (and, with redis, on this Redis).</summary>
    public async Task<Dictionary<string, string?>> PostgresSettingsAsync(bool redis = false, string? connectionString = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Apug:Database:Provider"] = "postgres",
            ["ConnectionStrings:Apug"] = connectionString ?? await NewDatabaseAsync(),
        };
        if (redis) settings["Apug:Redis"] = Redis;
        return settings;
    }

    /// <summary>For a test class's constructor (xunit constructors are not async): a new database's settings.</summary>
    public Dictionary<string, string?> Postgres() => PostgresSettingsAsync().GetAwaiter().GetResult();
}

/// <summary>Tests that need the real PostgreSQL and Redis share one of each for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutServers>
{
    public const string Name = "PostgreSQL and Redis";
}
