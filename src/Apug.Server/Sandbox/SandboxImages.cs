using System.Collections.Concurrent;
using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>
/// Makes sure a sandbox image exists on one engine, on first use: copied from another engine that has it (`docker save`
/// | `docker load` through the API: seconds, works for remote engines, the same bytes everywhere), else built offline
/// from Debian packages on this engine (unix sockets only: the build script runs here).
/// </summary>
public sealed class SandboxImages(
    DockerClient docker,
    string endpoint,
    IOptions<SandboxOptions> options,
    ILogger logger,
    Func<IEnumerable<SandboxImages>>? siblings = null)
{
    // Process-wide: two hosts in one process (tests) must not build the same tag on the same engine at once.
    private static readonly ConcurrentDictionary<string, Lazy<Task>> ensured = new();

    private DockerClient Client => docker;
    private string Engine => endpoint;

    public Task EnsureAsync(string image, CancellationToken cancellationToken)
    {
        var key = $"{endpoint} {image}";
        var lazy = ensured.GetOrAdd(key, _ => new Lazy<Task>(() => EnsureCoreAsync(image, key)));
        var task = lazy.Value;
        // A failed check or build is retried by the next submission, not remembered forever.
        if (task.IsFaulted || task.IsCanceled) ensured.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, lazy));
        return task.WaitAsync(cancellationToken);
    }

    /// <summary>The image was found missing after all (removed, or the engine replaced by a fresh one): check it again next time.
    /// Only the check that was observed done is dropped: a copy another caller started meanwhile is kept and shared.</summary>
    public void Forget(string image)
    {
        var key = $"{endpoint} {image}";
        if (ensured.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompleted)
            ensured.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, lazy));
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

    private async Task EnsureCoreAsync(string image, string key)
    {
        var settings = options.Value;
        var kind = image == settings.ValidatorImage ? "validator" : "python";
        var script = Path.GetFullPath(Path.Combine(settings.ImagesPath, kind, "build-offline.sh"));
        try
        {
            // A hung engine must not hold the submission (and the copy behind this Lazy) forever.
            using var inspect = new CancellationTokenSource(TimeSpan.FromSeconds(settings.ServerMarginSeconds + 30));
            // An image built by our script from an older runner.py would speak an older protocol: rebuild it.
            var (built, current, isCurrent) = await RunnerOfAsync(image, inspect.Token);
            if (isCurrent) return;
            if (await CopyFromSiblingAsync(image)) return;
            if (!settings.BuildMissingImages)
            {
                ensured.TryRemove(key, out _);
                throw new SandboxException(
                    $"The sandbox image '{image}' was built from another runner.py ({built}; this server's is {current}) and may not " +
                    $"speak its protocol. Rebuild it with `sudo {script} {image}`, or set Apug:Sandbox:BuildMissingImages to true.", imageUnavailable: true);
            }
            logger.LogWarning("Sandbox image {Image} was built from an older runner.py ({Built}, now {Current})", image, built, current);
        }
        catch (DockerImageNotFoundException)
        {
        }
        catch (Exception ex) when (DockerSandbox.IsEngineUnreachable(ex))
        {
            ensured.TryRemove(key, out _);
            throw SandboxException.Unreachable(endpoint, ex);
        }

        if (await CopyFromSiblingAsync(image)) return;
        if (!endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            ensured.TryRemove(key, out _);
            throw new SandboxException(
                $"The sandbox image '{image}' is missing on {endpoint} and no other engine has it to copy. Build it on that machine with " +
                $"`sudo sandbox-images/build-offline.sh {kind} {image}`, or on a local engine of Apug:Sandbox:Engines (it is then copied).", imageUnavailable: true);
        }
        if (!settings.BuildMissingImages || !File.Exists(script))
        {
            ensured.TryRemove(key, out _);
            throw new SandboxException(
                $"The sandbox image '{image}' is missing. Build it with `sudo {script} {image}` " +
                $"(offline, from Debian packages) or `docker build -t {image} -f sandbox-images/{kind}/Dockerfile sandbox-images`.", imageUnavailable: true);
        }

        logger.LogWarning("Sandbox image {Image} is missing or outdated: building it now with {Script} (about a minute, once)", image, script);
        var stopwatch = Stopwatch.StartNew();
        var build = new ProcessStartInfo("bash", [script, image])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        build.Environment["DOCKER_HOST"] = endpoint; // the script's docker CLI talks to this engine
        using var process = Process.Start(build) ?? throw new SandboxException($"Could not start {script}.");
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
            ensured.TryRemove(key, out _);
            throw new SandboxException(
                $"Building the sandbox image '{image}' failed (exit {process.ExitCode}); last lines: {string.Join(" | ", tail)}", imageUnavailable: true);
        }
        logger.LogInformation("Built sandbox image {Image} on {Engine} in {Seconds:0} s", image, endpoint, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The runner the engine's image was built from (its apug.runner label) and this server's; current when they agree
    /// or either is unknown (an image built otherwise, no sandbox-images folder). Throws DockerImageNotFoundException.
    /// </summary>
    private async Task<(string? Built, string? Current, bool IsCurrent)> RunnerOfAsync(string image, CancellationToken cancellationToken)
    {
        var found = await docker.Images.InspectImageAsync(image, cancellationToken);
        string? built = null;
        found.Config?.Labels?.TryGetValue(RunnerLabel, out built);
        var current = CurrentRunnerHash();
        return (built, current, string.IsNullOrEmpty(built) || current is null || built == current);
    }

    /// <summary>Whether this engine has the image as this server's runner.py would build it (unreachable: no).</summary>
    private async Task<bool> HasCurrentAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return (await RunnerOfAsync(image, cancellationToken)).IsCurrent;
        }
        catch (Exception ex) when (ex is DockerImageNotFoundException || DockerSandbox.IsEngineUnreachable(ex) || ex is OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Streams the image from another engine that has it into this one; false when none has it.</summary>
    private async Task<bool> CopyFromSiblingAsync(string image)
    {
        foreach (var sibling in siblings?.Invoke() ?? [])
        {
            if (ReferenceEquals(sibling, this)) continue;
            using var check = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            if (!await sibling.HasCurrentAsync(image, check.Token)) continue;
            logger.LogWarning("Sandbox image {Image} is missing or outdated on {Engine}: copying it from {Source}", image, endpoint, sibling.Engine);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using var copy = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                await using var tar = await sibling.Client.Images.SaveImageAsync(image, copy.Token);
                await docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, tar, new Progress<JSONMessage>(), copy.Token);
            }
            catch (Exception ex) when (ex is not SandboxException)
            {
                logger.LogWarning("Copying sandbox image {Image} from {Source} to {Engine} failed: {Message}", image, sibling.Engine, endpoint, ex.Message);
                continue;
            }
            if (!await HasCurrentAsync(image, CancellationToken.None)) continue;
            logger.LogInformation("Copied sandbox image {Image} from {Source} to {Engine} in {Seconds:0.0} s", image, sibling.Engine, endpoint, stopwatch.Elapsed.TotalSeconds);
            return true;
        }
        return false;
    }
}
