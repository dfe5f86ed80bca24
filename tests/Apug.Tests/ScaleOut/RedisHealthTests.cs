using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.ScaleOut;

/// <summary>/api/health shows Redis (the SignalR backplane) when it is configured, as it shows the database and engines.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class RedisHealthTests(ScaleOutServers servers)
{
    private static async Task<JsonElement> HealthAsync(ApugFactory factory)
    {
        using var client = factory.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/api/health")).RootElement;
    }

    [Fact]
    public async Task HealthSaysWhetherRedisAnswers()
    {
        using (var up = new ApugFactory(settings: await servers.PostgresSettingsAsync(redis: true)))
        {
            var health = await HealthAsync(up);
            Assert.Equal("ok", health.GetProperty("redis").GetString());
            Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }

        // Redis configured but not there (nothing listens on that port): the judge says so, and still serves.
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        using (var down = new ApugFactory(settings: ApugFactory.With(await servers.PostgresSettingsAsync(),
                   new Dictionary<string, string?> { ["Apug:Redis"] = $"127.0.0.1:{closedPort}" })))
        {
            var health = await HealthAsync(down);
            Assert.StartsWith("failing: ", health.GetProperty("redis").GetString());
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }

        using var none = new ApugFactory();
        var plain = await HealthAsync(none);
        Assert.Equal("not configured", plain.GetProperty("redis").GetString());
        Assert.False(plain.GetProperty("checks").TryGetProperty("redis", out _));
        none.DeleteData();
    }
}
