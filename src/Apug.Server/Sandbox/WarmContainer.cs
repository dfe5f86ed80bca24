using System.Globalization;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Apug.Server.Sandbox;

/// <summary>
/// One started sandbox container with runner.py waiting on its attach stream. Hardened as before (read-only root,
/// network none, no-new-privileges, only the capabilities the runner needs, log driver none); the runner holds
/// CAP_SYS_ADMIN to give each run its own cgroup and namespaces, and programs never hold any capability.
/// </summary>
public sealed class WarmContainer : IAsyncDisposable
{
    /// <summary>An interactor runs as the container's uid plus this: never a team's uid, never another container's interactor's.</summary>
    public const int JudgeUidOffset = 1_000_000;

    private static readonly string[] RunnerCommand = ["python3", "-I", "-B", "/opt/apug/runner.py"];
    private readonly DockerClient docker;
    private readonly string containerId;
    private readonly ILogger logger;
    private readonly MemoryStream pending = new();
    private readonly StringBuilder runnerStderr = new();
    private readonly byte[] buffer = new byte[81920];
    private MultiplexedStream? stream;
    private bool failed;
    private int disposed;

    private WarmContainer(DockerClient docker, SandboxImage image, string containerId, long ceilingBytes, ILogger logger)
    {
        this.docker = docker;
        Image = image;
        this.containerId = containerId;
        CeilingBytes = ceilingBytes;
        this.logger = logger;
    }

    public SandboxImage Image { get; }

    /// <summary>Its <see cref="SandboxPool.ContainerLabel"/>: known before the engine gives the container an id.</summary>
    internal string Key { get; set; } = "";

    /// <summary>The container's own memory limit: the runner's share plus the largest run limit it can serve.</summary>
    public long CeilingBytes { get; }

    /// <summary>Which uid slot of the pool this container's programs run as.</summary>
    internal int Slot { get; set; }

    /// <summary>The cgroup version the runner found ("v1" or "v2").</summary>
    public string Cgroup { get; private set; } = "";

    /// <summary>False once an exchange failed: such a container never serves another program.</summary>
    public bool IsUsable => !failed && Volatile.Read(ref disposed) == 0;

    public static async Task<WarmContainer> StartAsync(DockerClient docker, SandboxImage image, string imageName, long ceilingBytes, int uid,
        IDictionary<string, string> labels, SandboxOptions settings, ILogger logger, CancellationToken cancellationToken)
    {
        // A partitioned or hung engine must not hold a worker for the HTTP client's own timeouts: these calls take
        // seconds, and missing the deadline means the engine is not answering (the caller then places elsewhere).
        var calls = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        calls.CancelAfter(TimeSpan.FromSeconds(settings.ServerMarginSeconds + 30));
        using var _ = calls;
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = imageName,
            Cmd = RunnerCommand,
            User = "0", // the runner needs root to make each run's cgroup and namespaces and to drop the program to its uid
            // An interactive problem's interactor runs beside the solution as a uid of its own (the test data is its alone).
            Env = [$"APUG_UID={uid.ToString(CultureInfo.InvariantCulture)}",
                   $"APUG_JUDGE_UID={(uid + JudgeUidOffset).ToString(CultureInfo.InvariantCulture)}"],
            OpenStdin = true,
            StdinOnce = true,
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
            NetworkDisabled = true,
            Labels = labels,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ReadonlyRootfs = true,
                Tmpfs = new Dictionary<string, string>
                {
                    // Each run mounts its own /tmp and /dev/shm over these; the container's stay empty.
                    ["/tmp"] = "rw,nosuid,nodev,noexec,size=1m,mode=1777",
                    ["/dev/shm"] = "rw,nosuid,nodev,noexec,size=1m,mode=1777",
                    // exec: a compiled validator runs from /box/prog (Docker mounts tmpfs noexec unless told).
                    ["/box"] = $"rw,exec,nosuid,nodev,size={settings.BoxMiB}m,mode=755",
                },
                Memory = ceilingBytes,
                MemorySwap = ceilingBytes, // equal to Memory: no swap beyond the limit
                // Two runs' pids.max (an interactive test runs the solution and its interactor at once), plus the runner
                // and each run's two keepers.
                PidsLimit = 2 * settings.PidsLimit + 16,
                NanoCPUs = (long)(settings.Cpus * 1_000_000_000),
                CapDrop = ["ALL"],
                CapAdd = ["SETUID", "SETGID", "KILL", "SYS_ADMIN"],
                // AppArmor's docker-default profile forbids mount, which the runner needs inside its own namespaces.
                SecurityOpt = ["no-new-privileges", "apparmor=unconfined"],
                LogConfig = new LogConfig { Type = "none" },
                Ulimits = [new Ulimit { Name = "core", Soft = 0, Hard = 0 }],
                Sysctls = new Dictionary<string, string>
                {
                    // Each run gets a fresh IPC namespace; the container's own stays closed.
                    ["kernel.shmmni"] = "0",
                    ["kernel.shmall"] = "0",
                    ["kernel.shmmax"] = "0",
                    ["kernel.msgmni"] = "0",
                    ["kernel.sem"] = "0 0 0 0",
                    ["fs.mqueue.queues_max"] = "0",
                    // Socket buffers are not charged to a cgroup v1 memory limit: keep TCP's small (the netns is the container's).
                    ["net.ipv4.tcp_rmem"] = "4096 65536 262144",
                    ["net.ipv4.tcp_wmem"] = "4096 65536 262144",
                },
            },
        }, calls.Token);

        var container = new WarmContainer(docker, image, created.ID, ceilingBytes, logger);
        try
        {
            // Attach before start, or the runner's first words could be lost.
            container.stream = await docker.Containers.AttachContainerAsync(created.ID, new ContainerAttachParameters
            {
                Stream = true,
                Stdin = true,
                Stdout = true,
                Stderr = true,
            }, calls.Token);
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), calls.Token);
            calls.Dispose(); // the deadline is for these calls, never for the attached stream
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(settings.ServerMarginSeconds + 15));
            var hello = await container.ReadReplyAsync("hello", 65536, deadline.Token, cancellationToken);
            container.Cgroup = hello.Cgroup ?? "";
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one message and reads the reply of the expected type, within the timeout.</summary>
    internal async Task<RunnerProtocol.Reply> ExchangeAsync<T>(T message, string expectedType, TimeSpan timeout, int maxReplyBytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(!IsUsable || stream is null, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(message, RunnerProtocol.Json);
            await stream.WriteAsync([.. line, (byte)'\n'], 0, line.Length + 1, deadline.Token);
            return await ReadReplyAsync(expectedType, maxReplyBytes, deadline.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failed = true;
            throw new SandboxException(
                $"The sandbox did not answer within {timeout.TotalSeconds:0} s (the runner's own limits should have stopped the program first).");
        }
        catch
        {
            failed = true;
            throw;
        }
    }

    private async Task<RunnerProtocol.Reply> ReadReplyAsync(string expectedType, int maxReplyBytes, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            var replyLine = await ReadLineAsync(maxReplyBytes, deadline);
            var reply = JsonSerializer.Deserialize<RunnerProtocol.Reply>(replyLine, RunnerProtocol.Json)
                        ?? throw new SandboxException("The runner sent an empty reply.");
            if (reply.Type == "error")
                throw new SandboxException($"The sandbox runner failed: {reply.Message}");
            if (reply.Type != expectedType)
                throw new SandboxException($"The sandbox runner answered '{reply.Type}' where '{expectedType}' was expected.");
            return reply;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SandboxException("The sandbox runner did not answer in time.");
        }
        catch (JsonException ex)
        {
            throw new SandboxException($"The sandbox runner sent a malformed reply: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> ReadLineAsync(int maxLineBytes, CancellationToken cancellationToken)
    {
        var scanFrom = 0;
        while (true)
        {
            var data = pending.GetBuffer();
            var newline = Array.IndexOf(data, (byte)'\n', scanFrom, (int)pending.Length - scanFrom);
            if (newline >= 0)
            {
                var line = data[..newline];
                var rest = data[(newline + 1)..(int)pending.Length];
                pending.SetLength(0);
                pending.Write(rest);
                return line;
            }
            scanFrom = (int)pending.Length;
            if (pending.Length > maxLineBytes)
                throw new SandboxException($"A reply from the sandbox runner exceeded {maxLineBytes / 1024} KiB.");

            // The attach stream does not always observe the token: closing it on cancel unblocks the read.
            using var registration = cancellationToken.Register(() => stream!.Dispose());
            MultiplexedStream.ReadResult result;
            try
            {
                result = await stream!.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            if (result.EOF)
                throw new SandboxException("The sandbox runner stopped unexpectedly" +
                    (runnerStderr.Length > 0 ? $": {runnerStderr}" : "."));
            if (result.Target == MultiplexedStream.TargetStream.StandardOut)
                pending.Write(buffer, 0, result.Count);
            else if (runnerStderr.Length < 16_384)
                runnerStderr.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        // Dispose the stream before kill: with an unread attach stream Docker's kill and wait can hang.
        stream?.Dispose();
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await docker.Containers.RemoveContainerAsync(containerId,
                new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cleanup.Token);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (Exception ex)
        {
            // The start-up sweep removes it by label next time; judging goes on.
            logger.LogWarning(ex, "Could not remove sandbox container {Container}", containerId[..Math.Min(12, containerId.Length)]);
        }
    }

    /// <summary>
    /// What the engine says of this container now (inspect, 10 s at most): running, dead (exited, or gone: the engine
    /// restarted or it was removed), or unknown when the engine does not answer.
    /// </summary>
    internal async Task<ContainerFate> FateAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var inspected = await docker.Containers.InspectContainerAsync(containerId, deadline.Token);
            return inspected.State?.Running == true ? ContainerFate.Running : ContainerFate.Dead;
        }
        catch (DockerContainerNotFoundException)
        {
            return ContainerFate.Dead;
        }
        catch (Exception ex) when (DockerSandbox.IsEngineUnreachable(ex))
        {
            return ContainerFate.EngineUnreachable;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"sandbox {containerId[..12]}");
}

/// <summary>A run's container after a failure: still running (the failure is the sandbox's own), dead, or its engine gone.</summary>
internal enum ContainerFate { Running, Dead, EngineUnreachable }
