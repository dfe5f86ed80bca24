using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Apug.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Apug.Tests.Deploy;

/// <summary>
/// compose.yaml's "scale" profile with Debian's docker-compose, chosen as deploy/README.md says (COMPOSE_PROFILES=scale
/// and the judge's settings in an .env file): its PostgreSQL and Redis run for real from
/// the image deploy/build-offline-services.sh builds (no registry here; built when missing), with host networking as in
/// the file (this engine has no bridge network). The judge's own container runs in that profile against them, and two
/// in-process judges share them.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ComposeScaleProfileTests : IAsyncLifetime
{
    private const string Password = "apug-test-password";
    private readonly int postgresPort = ComposeProject.FreePort();
    private readonly int redisPort = ComposeProject.FreePort();
    private readonly int judgePort = ComposeProject.FreePort();
    private readonly ComposeProject compose;

    public ComposeScaleProfileTests() => compose = new("apugscale", new()
    {
        ["COMPOSE_PROFILES"] = "scale",
        ["APUG_PORT"] = Text(judgePort),
        ["APUG_DB_PASSWORD"] = Password,
        ["APUG_PG_PORT"] = Text(postgresPort),
        ["APUG_REDIS_PORT"] = Text(redisPort),
        ["APUG_DATABASE"] = "postgres",
        ["APUG_CONNECTION_STRING"] = ConnectionString,
        ["APUG_REDIS"] = $"127.0.0.1:{redisPort}",
        ["APUG_INSTANCE_ID"] = "compose-judge",
    });

    private string ConnectionString => $"Host=127.0.0.1;Port={postgresPort};Database=apug;Username=apug;Password={Password}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await compose.DisposeAsync();

    [Fact]
    public async Task TheJudgesContainerInTheScaleProfileJudgesWithItsStateInPostgresAndItsHubOnRedis()
    {
        ComposeProject.AssertInstalled();
        await ComposeProject.EnsureServicesImageAsync();
        await ComposeProject.EnsureJudgeImageAsync();

        // One `up` for all three, as an organiser does: the judge restarts until PostgreSQL answers on its first start.
        await compose.RunAsync("up", "-d", "--no-build");
        await compose.WaitForJudgeAsync(judgePort);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{judgePort}"), Timeout = TimeSpan.FromSeconds(30) };
        var health = await client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.True(health.GetProperty("databaseProvider").GetString() == "postgres", $"the judge does not use the profile's PostgreSQL: {health}");
        Assert.True(health.GetProperty("database").GetString() == "ok", health.ToString());
        Assert.True(health.GetProperty("redis").GetString() == "ok", $"the judge does not use the profile's Redis: {health}");
        Assert.True(health.GetProperty("status").GetString() == "ok", health.ToString());

        var team = await ContainerTests.JudgesAHelloPugAsync(client, "Scaled Pugs");

        // The state is in the profile's PostgreSQL (not in a SQLite file on the judge's volume) ...
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            var verdicts = (await connection.QueryAsync<string>(
                "SELECT s.verdict FROM submissions s JOIN teams t ON t.id = s.team_id WHERE t.name = @name", new { name = "Scaled Pugs" })).ToList();
            Assert.Equal(["AC"], verdicts);
        }
        Assert.DoesNotContain("apug.db", (await compose.ExecAsync("judge", "ls", "-1", "/data")).Split('\n', StringSplitOptions.TrimEntries));
        // ... and the judge's hub listens on the profile's Redis (the backplane's channels, prefix "apug").
        Assert.Contains("apug", await compose.ExecAsync("redis", "redis-cli", "-p", Text(redisPort), "PUBSUB", "CHANNELS", "apug*"));

        var logs = await compose.RunAsync("logs", "--no-color", "judge");
        Assert.Contains("Running as instance compose-judge", logs);
        Assert.DoesNotContain(Password, logs);
        Assert.DoesNotContain(team.Token, logs);
    }

    [Fact]
    public async Task TheScaleProfileRunsPostgresAndRedisThatTwoJudgesShare()
    {
        ComposeProject.AssertInstalled();
        await ComposeProject.EnsureServicesImageAsync();

        // The judge's settings follow .env: PostgreSQL and Redis with the profile's values.
        var config = await compose.RunAsync("config");
        Assert.Contains("Apug__Database__Provider: postgres", config);
        Assert.Contains($"Apug__Redis: 127.0.0.1:{redisPort}", config);

        await compose.RunAsync("up", "-d", "postgres", "redis");
        await WaitForPostgresAsync();

        var shared = new Dictionary<string, string?>
        {
            ["Apug:Database:Provider"] = "postgres",
            ["ConnectionStrings:Apug"] = ConnectionString,
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

    private async Task WaitForPostgresAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline)
                    Assert.Fail($"The profile's PostgreSQL did not answer within 90 s ({ex.Message}):\n{await compose.TryAsync("logs", "--no-color")}");
                await Task.Delay(500);
            }
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
