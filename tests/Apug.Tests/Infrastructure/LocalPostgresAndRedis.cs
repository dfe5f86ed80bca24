using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL and a real Redis from Debian's packages (`apt-get install -y postgresql redis-server`), on
/// loopback, free ports, data in a temporary folder. The tests share one pair per run (ScaleOutServers); the load test
/// (tests/Apug.Load, which links this file) starts its own.
/// </summary>
public class LocalPostgresAndRedis
{
    private string pgData = "";
    private string pgBin = "";
    private Process? redis;
    private string redisData = "";

    public int PostgresPort { get; private set; }
    public int RedisPort { get; private set; }

    /// <summary>Apug:Redis for a server: host:port.</summary>
    public string Redis => $"127.0.0.1:{RedisPort}";

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = PostgresPort, Username = "postgres", Database = database, Pooling = true }.ToString();

    public async Task StartAsync()
    {
        pgBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault() ?? ""
            : "";
        if (pgBin == "") throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql (the scale-out tests start their own server).");
        if (!File.Exists("/usr/bin/redis-server")) throw new InvalidOperationException("Redis is not installed: apt-get install -y redis-server.");

        // PostgreSQL refuses to run as root: its folder belongs to the postgres user, and it runs as that user.
        pgData = Directory.CreateTempSubdirectory("apug-pg-").FullName;
        await RunAsync("chown", "postgres:postgres", pgData);
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(pgBin, "initdb"), "-D", pgData, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        PostgresPort = FreePort();
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(pgBin, "pg_ctl"), "-D", pgData, "-w", "-l", Path.Combine(pgData, "server.log"),
            "-o", $"-k {pgData} -p {PostgresPort} -h 127.0.0.1 -c fsync=off -c max_connections=300", "start");

        redisData = Directory.CreateTempSubdirectory("apug-redis-").FullName;
        RedisPort = FreePort();
        redis = Process.Start(new ProcessStartInfo("/usr/bin/redis-server",
            ["--port", RedisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisData])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        redis.OutputDataReceived += (_, _) => { };
        redis.BeginOutputReadLine();
        await WaitForPortAsync(RedisPort, "redis-server");
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"apug_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (redis is { HasExited: false })
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
        redis?.Dispose();
        if (pgData != "" && File.Exists(Path.Combine(pgData, "postmaster.pid")))
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(pgBin, "pg_ctl"), "-D", pgData, "-m", "immediate", "-w", "stop");
        foreach (var folder in new[] { pgData, redisData })
            try { if (folder != "") Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static async Task WaitForPortAsync(int port, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
