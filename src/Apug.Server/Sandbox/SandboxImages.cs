using System.Collections.Concurrent;
using System.Diagnostics;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>Makes sure a sandbox image exists, building it offline from Debian packages on first use.</summary>
public sealed class SandboxImages(DockerClient docker, IOptions<SandboxOptions> options, ILogger<SandboxImages> logger)
{
    // Process-wide: two hosts in one process (tests) must not build the same tag at once.
    private static readonly ConcurrentDictionary<string, Lazy<Task>> ensured = new();

    public Task EnsureAsync(string image, CancellationToken cancellationToken)
    {
        var lazy = ensured.GetOrAdd(image, tag => new Lazy<Task>(() => EnsureCoreAsync(tag)));
        var task = lazy.Value;
        // A failed check or build is retried by the next submission, not remembered forever.
        if (task.IsFaulted || task.IsCanceled) ensured.TryRemove(new KeyValuePair<string, Lazy<Task>>(image, lazy));
        return task.WaitAsync(cancellationToken);
    }

    public const string RunnerLabel = "apug.runner";

    /// <summary>The same short SHA-256 the build script writes into the image's apug.runner label: runner.py and the
    /// build script (its package lists) together.</summary>
    private string? CurrentRunnerHash()
    {
        var runner = Path.GetFullPath(Path.Combine(options.Value.ImagesPath, "python", "runner.py"));
        var script = Path.GetFullPath(Path.Combine(options.Value.ImagesPath, "build-offline.sh"));
        if (!File.Exists(runner) || !File.Exists(script)) return null;
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. File.ReadAllBytes(runner), .. File.ReadAllBytes(script)]))[..16];
    }

    private async Task EnsureCoreAsync(string image)
    {
        var settings = options.Value;
        var kind = image == settings.ValidatorImage ? "validator" : "python";
        var script = Path.GetFullPath(Path.Combine(settings.ImagesPath, kind, "build-offline.sh"));
        try
        {
            var found = await docker.Images.InspectImageAsync(image);
            string? built = null;
            found.Config?.Labels?.TryGetValue(RunnerLabel, out built);
            var current = CurrentRunnerHash();
            // An image built by our script from an older runner.py would speak an older protocol: rebuild it.
            if (string.IsNullOrEmpty(built) || current is null || built == current) return;
            if (!settings.BuildMissingImages)
            {
                ensured.TryRemove(image, out _);
                throw new SandboxException(
                    $"The sandbox image '{image}' was built from another runner.py ({built}; this server's is {current}) and may not " +
                    $"speak its protocol. Rebuild it with `sudo {script} {image}`, or set Apug:Sandbox:BuildMissingImages to true.");
            }
            logger.LogWarning("Sandbox image {Image} was built from an older runner.py ({Built}, now {Current})", image, built, current);
        }
        catch (DockerImageNotFoundException)
        {
        }
        catch (Exception ex) when (DockerSandbox.IsEngineUnreachable(ex))
        {
            ensured.TryRemove(image, out _);
            throw SandboxException.Unreachable(settings.DockerEndpoint, ex);
        }

        if (!settings.BuildMissingImages || !File.Exists(script))
        {
            ensured.TryRemove(image, out _);
            throw new SandboxException(
                $"The sandbox image '{image}' is missing. Build it with `sudo {script} {image}` " +
                $"(offline, from Debian packages) or `docker build -t {image} -f sandbox-images/{kind}/Dockerfile sandbox-images`.");
        }

        logger.LogWarning("Sandbox image {Image} is missing or outdated: building it now with {Script} (about a minute, once)", image, script);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("bash", [script, image])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new SandboxException($"Could not start {script}.");
        var tail = new Queue<string>();
        void Record(string? line)
        {
            if (line is null) return;
            logger.LogInformation("[image build] {Line}", line);
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 20) tail.Dequeue();
            }
        }
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            ensured.TryRemove(image, out _);
            throw new SandboxException(
                $"Building the sandbox image '{image}' failed (exit {process.ExitCode}); last lines: {string.Join(" | ", tail)}");
        }
        logger.LogInformation("Built sandbox image {Image} in {Seconds:0} s", image, stopwatch.Elapsed.TotalSeconds);
    }
}
