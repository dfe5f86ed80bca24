using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Deploy;

/// <summary>
/// compose.yaml with Debian's docker-compose, against the image deploy/build-offline.sh builds (this machine has no
/// registry; it is built here when missing or older than the sources, a few minutes). This engine has no bridge
/// network, and compose.yaml uses host networking anyway. The judge in its container starts the sandboxes on the host's
/// engine through the mounted socket, as an unprivileged user, with its database on a named volume.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerTests : IAsyncLifetime
{
    private const string Image = "apug-judge:1";
    private readonly string project = $"apugtest{Guid.NewGuid():N}"[..16];
    private readonly int port = FreePort();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ComposeAsync("down", "-v", "--remove-orphans");

    [Fact]
    public async Task TheComposeFileRunsTheImageAsAnUnprivilegedUserJudgingOnTheHostEngineWithItsDataOnAVolume()
    {
        Assert.True(File.Exists("/usr/bin/docker-compose"), "This test runs compose.yaml with Debian's docker-compose: apt-get install -y docker-compose");
        await EnsureImageAsync();

        await UpAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var health = await client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("ok", health.GetProperty("docker").GetString());
        Assert.True(health.GetProperty("challenges").GetInt32() >= 5, health.ToString());

        // Judged in a sandbox that the containerised judge started on the host's engine.
        var registered = await client.PostAsJsonAsync("/api/teams", new { name = "Containers", members = new[] { "Ada" } });
        var team = (await registered.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Token);
        var accepted = await (await client.PostAsJsonAsync("/api/submissions",
            new { challengeId = "hello-pug", source = "name = input().strip()\nprint(f\"Hello, {name}!\")\n" })).Content.ReadFromJsonAsync<AcceptedDto>();
        Assert.Equal(Server.Judging.Verdict.AC, (await WaitJudgedAsync(client, accepted!.Id)).Verdict);

        Assert.Equal("1654", (await ExecAsync("id", "-u")).Trim());
        Assert.Equal("600 1654", (await ExecAsync("stat", "-c", "%a %u", "/data/apug.db.admin-token")).Trim());
        var adminToken = (await ExecAsync("cat", "/data/apug.db.admin-token")).Trim();
        var logs = await ComposeAsync("logs", "--no-color", "judge");
        Assert.Contains("wrote it to /data/apug.db.admin-token", logs);
        Assert.DoesNotContain(adminToken, logs);
        Assert.DoesNotContain(team.Token, logs);

        // A new container on the same volume: the same database and admin token.
        await ComposeAsync("down");
        await UpAsync();
        using var admin = new HttpClient { BaseAddress = client.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var teams = await admin.GetFromJsonAsync<JsonElement>("/api/admin/teams");
        Assert.Contains("Containers", teams.ToString());
    }

    private async Task UpAsync()
    {
        await ComposeAsync("up", "-d", "--no-build");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"The judge's container did not answer on port {port} within 90 s:\n{await ComposeAsync("logs", "--no-color")}");
            await Task.Delay(500);
        }
    }

    private static async Task<SubmissionDto> WaitJudgedAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var submission = await ApugFactory.GetSubmissionAsync(client, id);
            if (submission.Status == "judged") return submission;
            Assert.True(DateTime.UtcNow < deadline, "not judged within 2 minutes");
            await Task.Delay(250);
        }
    }

    private Task<string> ExecAsync(params string[] command) => ComposeAsync(["exec", "-T", "judge", .. command]);

    private async Task<string> ComposeAsync(params string[] arguments)
    {
        var socketGroup = (await RunAsync("stat", ["-c", "%g", "/var/run/docker.sock"])).Trim();
        return await RunAsync("docker-compose", ["-p", project, "-f", Path.Combine(TestPaths.RepoRoot, "compose.yaml"), .. arguments], new()
        {
            ["DOCKER_GID"] = socketGroup,
            ["APUG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["APUG_CHALLENGES"] = TestPaths.BundledChallenges,
        });
    }

    /// <summary>Builds the image with deploy/build-offline.sh when it is missing or older than what goes into it.</summary>
    private static async Task EnsureImageAsync()
    {
        var created = (await RunAsync("docker", ["image", "inspect", "--format", "{{.Created}}", Image], check: false)).Trim();
        var sources = new[] { "src/Apug.Server", "sandbox-images", "challenges" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, folder), "*", SearchOption.AllDirectories))
            .Where(file => !file.Contains("/bin/") && !file.Contains("/obj/") && !file.Contains("/node_modules/") && !file.Contains("/wwwroot/lib/"))
            .Append(Path.Combine(TestPaths.RepoRoot, "Dockerfile"))
            .Append(Path.Combine(TestPaths.RepoRoot, "deploy", "build-offline.sh"))
            .Max(File.GetLastWriteTimeUtc);
        if (DateTimeOffset.TryParse(created, out var at) && at.UtcDateTime > sources) return;
        await RunAsync("bash", [Path.Combine(TestPaths.RepoRoot, "deploy", "build-offline.sh"), Image], timeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>Runs a command to its end (2 minutes unless told); its output, asserting success when check.</summary>
    internal static async Task<string> RunAsync(string file, string[] arguments, Dictionary<string, string>? environment = null, bool check = true, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? []) info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        var output = await stdout + await stderr;
        if (check) Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
