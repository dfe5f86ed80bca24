using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Apug.Tests.Infrastructure;
using Npgsql;

namespace Apug.Tests.Deploy;

/// <summary>
/// compose.yaml's "scale" profile with Debian's docker-compose: its PostgreSQL and Redis run for real from the image
/// deploy/build-offline-services.sh builds (no registry here; built when missing), with host networking as in the file
/// (this engine has no bridge network). Two judges (in-process here; the judge's own container is ContainerTests')
/// share them: both healthy with the database and Redis, a team registered on one on the other's board. The profile's
/// judge settings are checked in the file compose renders.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ComposeScaleProfileTests : IAsyncLifetime
{
    private const string Image = "apug-services:1";
    private const string Password = "apug-test-password";
    private readonly string project = $"apugscale{Guid.NewGuid():N}"[..16];
    private readonly int postgresPort = FreePort();
    private readonly int redisPort = FreePort();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ComposeAsync(check: false, "down", "-v", "--remove-orphans");

    [Fact]
    public async Task TheScaleProfileRunsPostgresAndRedisThatTwoJudgesShare()
    {
        Assert.True(File.Exists("/usr/bin/docker-compose"), "This test runs compose.yaml with Debian's docker-compose: apt-get install -y docker-compose");
        if ((await RunAsync("docker", ["image", "inspect", Image], check: false)).Contains("No such image", StringComparison.Ordinal))
            await RunAsync("bash", [Path.Combine(TestPaths.RepoRoot, "deploy", "build-offline-services.sh"), Image], timeout: TimeSpan.FromMinutes(15));

        // The judge's settings follow .env: PostgreSQL and Redis with the profile's values.
        var config = await ComposeAsync(check: true, "config");
        Assert.Contains("Apug__Database__Provider: postgres", config);
        Assert.Contains($"Apug__Redis: 127.0.0.1:{redisPort}", config);

        await ComposeAsync(check: true, "up", "-d", "postgres", "redis");
        var connectionString = $"Host=127.0.0.1;Port={postgresPort};Database=apug;Username=apug;Password={Password}";
        await WaitForPostgresAsync(connectionString);

        var shared = new Dictionary<string, string?>
        {
            ["Apug:Database:Provider"] = "postgres",
            ["ConnectionStrings:Apug"] = connectionString,
            ["Apug:Redis"] = $"127.0.0.1:{redisPort}",
        };
        using var a = new ApugFactory(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "compose-a" }));
        using var b = new ApugFactory(settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "compose-b" }));
        foreach (var judge in new[] { a, b })
        {
            using var client = judge.CreateClient();
            var health = await client.GetFromJsonAsync<JsonElement>("/api/health");
            Assert.Equal("ok", health.GetProperty("database").GetString());
            Assert.Equal("ok", health.GetProperty("redis").GetString());
        }
        await a.CreateTeamClientAsync("Composed Pugs");
        using var fromB = b.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await fromB.GetStringAsync("/api/leaderboard")).Contains("Composed Pugs", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "B's board never showed the team registered on A");
            await Task.Delay(200);
        }
        a.DeleteData();
        b.DeleteData();
    }

    private async Task WaitForPostgresAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline)
                    Assert.Fail($"The profile's PostgreSQL did not answer within 90 s ({ex.Message}):\n{await ComposeAsync(check: false, "logs", "--no-color")}");
                await Task.Delay(500);
            }
        }
    }

    private async Task<string> ComposeAsync(bool check, params string[] arguments)
    {
        var socketGroup = (await RunAsync("stat", ["-c", "%g", "/var/run/docker.sock"])).Trim();
        return await RunAsync("docker-compose", ["-p", project, "-f", Path.Combine(TestPaths.RepoRoot, "compose.yaml"), "--profile", "scale", .. arguments], new()
        {
            ["DOCKER_GID"] = socketGroup,
            ["APUG_CHALLENGES"] = TestPaths.BundledChallenges,
            ["APUG_DB_PASSWORD"] = Password,
            ["APUG_PG_PORT"] = postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["APUG_REDIS_PORT"] = redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["APUG_DATABASE"] = "postgres",
            ["APUG_CONNECTION_STRING"] = $"Host=127.0.0.1;Port={postgresPort};Database=apug;Username=apug;Password={Password}",
            ["APUG_REDIS"] = $"127.0.0.1:{redisPort}",
        }, check);
    }

    private static Task<string> RunAsync(string file, string[] arguments, Dictionary<string, string>? environment = null, bool check = true, TimeSpan? timeout = null) =>
        ContainerTests.RunAsync(file, arguments, environment, check, timeout);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
