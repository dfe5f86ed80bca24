using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Deploy;

/// <summary>
/// One test's run of compose.yaml with Debian's docker-compose: a project name of its own (so its containers and
/// volumes are its own, removed by <see cref="DisposeAsync"/>) and an .env file of its own: the engine socket's group,
/// the bundled challenges, the judge's image built from this tree, plus what the test adds (ports, profile, settings).
/// The file uses host networking, and this engine has no bridge network anyway: every port here is a free loopback port.
/// </summary>
internal sealed class ComposeProject(string prefix, Dictionary<string, string> environment) : IAsyncDisposable
{
    public const string ServicesImage = "apug-services:1";

    private readonly string name = $"{prefix}{Guid.NewGuid():N}"[..16];
    private string EnvFile => Path.Combine(Path.GetTempPath(), $"{name}.env");

    public static void AssertInstalled() =>
        Assert.True(File.Exists("/usr/bin/docker-compose"), "This test runs compose.yaml with Debian's docker-compose: apt-get install -y docker-compose");

    /// <summary>docker-compose with these arguments, asserting success; its output.</summary>
    public Task<string> RunAsync(params string[] arguments) => ComposeAsync(check: true, arguments);

    /// <summary>docker-compose with these arguments whatever comes of it (logs for a failure message, clean-up).</summary>
    public Task<string> TryAsync(params string[] arguments) => ComposeAsync(check: false, arguments);

    public Task<string> ExecAsync(string service, params string[] command) => RunAsync(["exec", "-T", service, .. command]);

    public async ValueTask DisposeAsync()
    {
        await TryAsync("down", "-v", "--remove-orphans");
        File.Delete(EnvFile);
    }

    /// <summary>Waits until the judge answers /api/health with 200 on the port (90 s; then fails with the project's logs).</summary>
    public async Task WaitForJudgeAsync(int port)
    {
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
                Assert.Fail($"The judge's container did not answer on port {port} within 90 s:\n{await TryAsync("logs", "--no-color")}");
            await Task.Delay(500);
        }
    }

    private async Task<string> ComposeAsync(bool check, string[] arguments)
    {
        if (!File.Exists(EnvFile))
        {
            // The settings as an organiser gives them: an .env file (here beside the test's own files, not the repository's).
            var socketGroup = (await RunCommandAsync("stat", ["-c", "%g", "/var/run/docker.sock"])).Trim();
            var all = new Dictionary<string, string>(environment)
            {
                ["DOCKER_GID"] = socketGroup,
                ["APUG_CHALLENGES"] = TestPaths.BundledChallenges,
                ["APUG_IMAGE"] = JudgeImage,
            };
            await File.WriteAllLinesAsync(EnvFile, all.Select(setting => $"{setting.Key}={setting.Value}"));
        }
        return await RunCommandAsync("docker-compose",
            ["-p", name, "--env-file", EnvFile, "-f", Path.Combine(TestPaths.RepoRoot, "compose.yaml"), .. arguments], check: check);
    }

    /// <summary>
    /// The judge's image for this tree, apug-judge:t-HASH (compose.yaml's APUG_IMAGE), HASH over what goes into it: a
    /// tree (another worktree, a clean clone) with other sources gets its own image instead of taking over a shared
    /// tag from under another test run, and a clone of the same sources reuses the image already built.
    /// </summary>
    public static string JudgeImage => judgeImage.Value;

    private static readonly Lazy<string> judgeImage = new(() =>
    {
        // What deploy/build-offline.sh puts into the image: the files git tracks there, and new ones it does not ignore.
        var files = RunCommandAsync("git", ["-C", TestPaths.RepoRoot, "ls-files", "-z", "-co", "--exclude-standard", "--",
                "src/Apug.Server", "sandbox-images", "challenges", "Dockerfile", "deploy/build-offline.sh"]).GetAwaiter().GetResult()
            .Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var path = Path.Combine(TestPaths.RepoRoot, file);
            if (!File.Exists(path)) continue; // deleted in the working tree, not yet in the index
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            hash.AppendData(File.ReadAllBytes(path));
        }
        return $"apug-judge:t-{Convert.ToHexStringLower(hash.GetHashAndReset())[..12]}";
    });

    /// <summary>Builds <see cref="JudgeImage"/> with deploy/build-offline.sh when the engine lacks it (about two minutes).</summary>
    public static async Task EnsureJudgeImageAsync()
    {
        if ((await RunCommandAsync("docker", ["image", "inspect", JudgeImage], check: false)).Contains("No such image", StringComparison.Ordinal))
            await RunCommandAsync("bash", [Path.Combine(TestPaths.RepoRoot, "deploy", "build-offline.sh"), JudgeImage], timeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>Builds the scale profile's PostgreSQL + Redis image with deploy/build-offline-services.sh when it is missing.</summary>
    public static async Task EnsureServicesImageAsync()
    {
        if ((await RunCommandAsync("docker", ["image", "inspect", ServicesImage], check: false)).Contains("No such image", StringComparison.Ordinal))
            await RunCommandAsync("bash", [Path.Combine(TestPaths.RepoRoot, "deploy", "build-offline-services.sh"), ServicesImage], timeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>Runs a command to its end (2 minutes unless told); its output, asserting success when check.</summary>
    public static async Task<string> RunCommandAsync(string file, string[] arguments, Dictionary<string, string>? environment = null, bool check = true, TimeSpan? timeout = null)
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
