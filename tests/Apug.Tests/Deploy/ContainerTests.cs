using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Deploy;

/// <summary>
/// compose.yaml with Debian's docker-compose, against the image deploy/build-offline.sh builds (this machine has no
/// registry; built here, tagged by a hash of its sources, when the engine lacks it: two minutes). This engine has no bridge
/// network, and compose.yaml uses host networking anyway. The judge in its container starts the sandboxes on the host's
/// engine through the mounted socket, as an unprivileged user, with its database on a named volume.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerTests : IAsyncLifetime
{
    private readonly int port = ComposeProject.FreePort();
    private readonly ComposeProject compose;

    public ContainerTests() => compose = new("apugtest", new() { ["APUG_PORT"] = port.ToString(CultureInfo.InvariantCulture) });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await compose.DisposeAsync();

    [Fact]
    public async Task TheComposeFileRunsTheImageAsAnUnprivilegedUserJudgingOnTheHostEngineWithItsDataOnAVolume()
    {
        ComposeProject.AssertInstalled();
        await ComposeProject.EnsureJudgeImageAsync();

        await UpAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var health = await client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("ok", health.GetProperty("docker").GetString());
        Assert.Equal("sqlite", health.GetProperty("databaseProvider").GetString());
        Assert.Equal("not configured", health.GetProperty("redis").GetString());
        Assert.True(health.GetProperty("challenges").GetInt32() >= 5, health.ToString());

        // Judged in a sandbox that the containerised judge started on the host's engine.
        var team = await JudgesAHelloPugAsync(client, "Containers");

        Assert.Equal("1654", (await compose.ExecAsync("judge", "id", "-u")).Trim());
        Assert.Equal("600 1654", (await compose.ExecAsync("judge", "stat", "-c", "%a %u", "/data/apug.db.admin-token")).Trim());
        var adminToken = (await compose.ExecAsync("judge", "cat", "/data/apug.db.admin-token")).Trim();
        var logs = await compose.RunAsync("logs", "--no-color", "judge");
        Assert.Contains("wrote it to /data/apug.db.admin-token", logs);
        Assert.DoesNotContain(adminToken, logs);
        Assert.DoesNotContain(team.Token, logs);

        // A new container on the same volume: the same database and admin token.
        await compose.RunAsync("down");
        await UpAsync();
        using var admin = new HttpClient { BaseAddress = client.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var teams = await admin.GetFromJsonAsync<JsonElement>("/api/admin/teams");
        Assert.Contains("Containers", teams.ToString());
    }

    /// <summary>
    /// Registers a team over HTTP and submits a right answer to hello-pug: AC, judged in a sandbox the containerised
    /// judge started on the host's engine. The client keeps the team's token; the team is returned.
    /// </summary>
    internal static async Task<TeamRegisteredDto> JudgesAHelloPugAsync(HttpClient client, string teamName)
    {
        var registered = await client.PostAsJsonAsync("/api/teams", new { name = teamName, members = new[] { "Ada" } });
        Assert.True(registered.IsSuccessStatusCode, $"registration failed: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        var team = (await registered.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Token);
        var submitted = await client.PostAsJsonAsync("/api/submissions",
            new { challengeId = "hello-pug", source = "name = input().strip()\nprint(f\"Hello, {name}!\")\n" });
        Assert.True(submitted.IsSuccessStatusCode, $"submission failed: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        var accepted = (await submitted.Content.ReadFromJsonAsync<AcceptedDto>())!;
        var judged = await ApugFactory.WaitJudgedAsync(client, accepted.Id, TimeSpan.FromMinutes(2), "not judged within 2 minutes");
        Assert.True(judged.Verdict == Server.Judging.Verdict.AC, $"expected AC, got {judged.Verdict}: {judged.Message}");
        return team;
    }

    private async Task UpAsync()
    {
        await compose.RunAsync("up", "-d", "--no-build");
        await compose.WaitForJudgeAsync(port);
    }
}
