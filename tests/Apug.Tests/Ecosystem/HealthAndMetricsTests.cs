using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Apug.Tests.Ecosystem;

/// <summary>ASP.NET Core health checks behind /api/health and /health, and the Prometheus metrics of a real server process.</summary>
[Collection(DockerCollection.Name)]
public sealed class HealthAndMetricsTests : IDisposable
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-metrics-").FullName;
    private readonly string data = Directory.CreateTempSubdirectory("apug-metrics-data-").FullName;

    public HealthAndMetricsTests() =>
        new PackageBuilder(challenges, "double").Limits(timeLimitSeconds: 5).Sample("1", "2\n", "4\n").Secret("01", "21\n", "42\n").Build();

    public void Dispose()
    {
        Directory.Delete(challenges, recursive: true);
        Directory.Delete(data, recursive: true);
    }

    private sealed record CheckDto(string Status, string? Description, double DurationMs);

    private sealed record HealthDto(string Status, string Database, string Docker, int Challenges, int BrokenChallenges, int Queued, Dictionary<string, CheckDto> Checks);

    [Fact]
    public async Task EachFeaturesCheckShowsInTheHealthAnswersAndABrokenPackageDegradesThem()
    {
        using (var factory = new ApugFactory(challenges))
        {
            var client = factory.CreateClient();
            var health = (await client.GetFromJsonAsync<HealthDto>("/api/health"))!;
            Assert.Equal(("ok", "ok", "ok", 1, 0), (health.Status, health.Database, health.Docker, health.Challenges, health.BrokenChallenges));
            Assert.Equal(["challenges", "database", "docker"], health.Checks.Keys.Order());
            Assert.All(health.Checks.Values, c => Assert.Equal("Healthy", c.Status));
            var probe = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            Assert.Equal("Healthy", await probe.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        }

        // A broken package: the judge still runs (degraded), and says which package.
        Directory.CreateDirectory(Path.Combine(challenges, "broken"));
        File.WriteAllText(Path.Combine(challenges, "broken", "problem.yaml"), "name: [unclosed\n");
        using (var factory = new ApugFactory(challenges))
        {
            var client = factory.CreateClient();
            var health = (await client.GetFromJsonAsync<HealthDto>("/api/health"))!;
            Assert.Equal("Degraded", health.Checks["challenges"].Status);
            Assert.Contains("broken", health.Checks["challenges"].Description);
            Assert.Equal(1, health.BrokenChallenges);
            Assert.Equal("Degraded", await client.GetStringAsync("/health"));
        }
    }

    [Fact]
    public async Task AnUnreachableEngineMakesTheProbeUnhealthy()
    {
        using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>
        {
            ["Apug:Sandbox:DockerEndpoint"] = $"unix://{Path.Combine(data, "no-such-docker.sock")}",
        });
        var client = factory.CreateClient();
        var health = (await client.GetFromJsonAsync<HealthDto>("/api/health"))!;
        Assert.Equal("degraded", health.Status);
        Assert.StartsWith("unreachable: ", health.Docker);
        Assert.Equal("Unhealthy", health.Checks["docker"].Status);
        var probe = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, probe.StatusCode);
        Assert.Equal("Unhealthy", await probe.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsCountTheQueueRunningSandboxesHubConnectionsAndVerdictLatency()
    {
        await using var server = await ServerProcess.StartAsync(data, challenges);
        using var client = server.CreateClient();
        async Task<string> ScrapeAsync() => await client.GetStringAsync("/metrics");
        static double Value(string text, string series)
        {
            var match = Regex.Match(text, $@"^{Regex.Escape(series)}(\{{[^}}]*\}})? ([0-9.e+-]+)", RegexOptions.Multiline);
            Assert.True(match.Success, $"no {series} in:\n{text}");
            return double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var first = await ScrapeAsync();
        Assert.Contains("# TYPE apug_queue_length gauge", first);
        Assert.Equal(0, Value(first, "apug_queue_length"));
        Assert.Equal(0, Value(first, "apug_running_sandboxes"));
        Assert.Equal(0, Value(first, "apug_hub_connections"));

        var hub = new HubConnectionBuilder().WithUrl(new Uri(server.Address, "/hubs/contest")).Build();
        await hub.StartAsync();
        // Counted once the hub's OnConnected has run, which may finish just after the client's start returns.
        async Task EventuallyAsync(string series, double expected)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (Value(await ScrapeAsync(), series) != expected)
            {
                Assert.True(DateTime.UtcNow < until, $"{series} never became {expected}");
                await Task.Delay(100);
            }
        }
        await EventuallyAsync("apug_hub_connections", 1);

        var team = await client.PostAsJsonAsync("/api/teams", new { name = "Metric Pugs", members = new[] { "Ada" } });
        var token = (await team.Content.ReadFromJsonAsync<TeamRegisteredDto>())!.Token;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var submitted = await client.PostAsJsonAsync("/api/submissions",
            new { challengeId = "double", source = "import time\ntime.sleep(1.5)\nprint(2 * int(input()))\n" });
        var id = (await submitted.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;

        // While it is judged, one sandbox runs.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Value(await ScrapeAsync(), "apug_running_sandboxes") != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "apug_running_sandboxes never showed the submission being judged");
            await Task.Delay(100);
        }
        while ((await client.GetFromJsonAsync<SubmissionDto>($"/api/submissions/{id}", Json.Options))!.Status != "judged")
        {
            Assert.True(DateTime.UtcNow < deadline, "not judged in time");
            await Task.Delay(200);
        }

        var after = await ScrapeAsync();
        Assert.Equal(0, Value(after, "apug_running_sandboxes"));
        Assert.Contains("# TYPE apug_verdict_latency_seconds histogram", after);
        Assert.Equal(1, Value(after, "apug_verdict_latency_seconds_count"));
        var latency = Value(after, "apug_verdict_latency_seconds_sum");
        Assert.InRange(latency, 3.0, 60.0); // two tests sleeping 1.5 s each, then the verdict
        Assert.Matches(@"apug_verdict_latency_seconds_bucket\{[^}]*verdict=""AC""[^}]*le=""\+Inf""\} 1", after);
        Assert.Matches(@"apug_verdict_latency_seconds_bucket\{[^}]*verdict=""AC""[^}]*le=""0.25""\} 0", after);

        await hub.DisposeAsync();
        await EventuallyAsync("apug_hub_connections", 0);
    }
}
