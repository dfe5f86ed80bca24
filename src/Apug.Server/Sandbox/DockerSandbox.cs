using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>One hardened, throwaway container per session, driven over its attach stream by runner.py.</summary>
public sealed class DockerSandbox(
    DockerClient docker,
    SandboxImages images,
    SandboxOwner owner,
    IOptions<SandboxOptions> options,
    ILogger<DockerSandbox> logger) : ISandbox
{
    public const string SandboxLabel = "apug.sandbox";
    public const string OwnerLabel = "apug.owner";
    private static readonly string[] RunnerCommand = ["python3", "-I", "-B", "/opt/apug/runner.py"];

    public async Task<ISandboxSession> StartAsync(SandboxProgram program, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var image = program.Image switch
        {
            SandboxImage.Python => settings.PythonImage,
            SandboxImage.Validator => settings.ValidatorImage,
        };
        await images.EnsureAsync(image, cancellationToken);

        var memoryBytes = ((long)program.Limits.MemoryKb * 1024)
            + ((long)(settings.MemoryOverheadMiB + settings.TmpMiB + settings.ShmMiB) << 20); // files in /tmp and /dev/shm count as memory
        string containerId;
        try
        {
            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = image,
                Cmd = RunnerCommand,
                User = "0", // the runner needs root only to drop each program to uid 10001
                Env = [],
                OpenStdin = true,
                StdinOnce = true,
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                Tty = false,
                NetworkDisabled = true,
                Labels = new Dictionary<string, string> { [SandboxLabel] = "1", [OwnerLabel] = owner.Id },
                HostConfig = new HostConfig
                {
                    NetworkMode = "none",
                    ReadonlyRootfs = true,
                    Tmpfs = new Dictionary<string, string>
                    {
                        // nr_inodes bounds how long the runner needs to empty them after a run (a deep tree of
                        // empty directories costs no memory but takes seconds to delete).
                        ["/tmp"] = $"rw,nosuid,nodev,size={settings.TmpMiB}m,nr_inodes={settings.TmpInodes},mode=1777",
                        ["/dev/shm"] = $"rw,nosuid,nodev,noexec,size={settings.ShmMiB}m,nr_inodes={settings.TmpInodes},mode=1777",
                        // exec: a compiled validator runs from /box/prog (Docker mounts tmpfs noexec unless told).
                        ["/box"] = $"rw,exec,nosuid,nodev,size={settings.BoxMiB}m,mode=755",
                    },
                    Memory = memoryBytes,
                    MemorySwap = memoryBytes, // equal to Memory: no swap beyond the limit
                    PidsLimit = settings.PidsLimit,
                    NanoCPUs = (long)(settings.Cpus * 1_000_000_000),
                    CapDrop = ["ALL"],
                    CapAdd = ["SETUID", "SETGID", "KILL"],
                    SecurityOpt = ["no-new-privileges"],
                    LogConfig = new LogConfig { Type = "none" },
                    Ulimits = [new Ulimit { Name = "core", Soft = 0, Hard = 0 }],
                    // SysV IPC objects and POSIX message queues outlive the processes that made them, so the
                    // runner's kill-everything could not stop them carrying state (or memory) from one test case
                    // to the next. multiprocessing needs neither: its locks and shared memory live in /dev/shm.
                    Sysctls = new Dictionary<string, string>
                    {
                        ["kernel.shmmni"] = "0",
                        ["kernel.shmall"] = "0",
                        ["kernel.shmmax"] = "0",
                        ["kernel.msgmni"] = "0",
                        ["kernel.sem"] = "0 0 0 0",
                        ["fs.mqueue.queues_max"] = "0",
                    },
                },
            }, cancellationToken);
            containerId = created.ID;
        }
        catch (Exception ex) when (IsEngineUnreachable(ex))
        {
            throw EngineUnreachable(ex);
        }

        var session = new DockerSandboxSession(docker, containerId, settings, logger);
        try
        {
            await session.StartAsync(program, cancellationToken);
            return session;
        }
        catch (Exception ex)
        {
            await session.DisposeAsync();
            if (IsEngineUnreachable(ex)) throw EngineUnreachable(ex);
            throw;
        }
    }

    internal static bool IsEngineUnreachable(Exception ex) =>
        ex is HttpRequestException or SocketException or IOException or DockerApiException { StatusCode: System.Net.HttpStatusCode.InternalServerError }
        || ex.InnerException is not null && IsEngineUnreachable(ex.InnerException);

    private SandboxException EngineUnreachable(Exception ex) => SandboxException.Unreachable(options.Value.DockerEndpoint, ex);

    public async Task<bool> IsEngineReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await docker.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

internal sealed class DockerSandboxSession(DockerClient docker, string containerId, SandboxOptions settings, ILogger logger)
    : ISandboxSession
{
    private MultiplexedStream? stream;
    private readonly MemoryStream pending = new();
    private readonly StringBuilder runnerStderr = new();
    private readonly byte[] buffer = new byte[81920];
    private const int RunnerFeedbackKiB = 64 * 64;
    private RunnerProtocol.Limits limits = new(0, 0, 0, 0, 0);
    private int maxLineBytes;
    private bool disposed;

    public RunReport? Compile { get; private set; }
    public byte[]? Artifact { get; private set; }

    public async Task StartAsync(SandboxProgram program, CancellationToken cancellationToken)
    {
        // Attach before start, or the runner's first words could be lost.
        stream = await docker.Containers.AttachContainerAsync(containerId, new ContainerAttachParameters
        {
            Stream = true,
            Stdin = true,
            Stdout = true,
            Stderr = true,
        }, cancellationToken);
        await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken);

        var wallMs = (int)Math.Min(int.MaxValue, program.Limits.CpuMs * settings.WallClockFactor + settings.WallClockExtraMs);
        limits = new RunnerProtocol.Limits(program.Limits.CpuMs, wallMs, program.Limits.MemoryKb, program.Limits.OutputKb, settings.StderrKiB);
        // A reply carries stdout, stderr and feedback as base64: bound it so a broken runner cannot flood the server.
        // Any program may leave feedback files: the runner returns up to 64 of 64 KiB each (see runner.py).
        maxLineBytes = (program.Limits.OutputKb + settings.StderrKiB + RunnerFeedbackKiB + 256) * 1024 / 3 * 4 + 65536;

        var setup = new RunnerProtocol.Setup(
            program.Files, program.Executables,
            program.Compile is { } compile ? new RunnerProtocol.CompileStep(compile.Command, compile.Artifact) : null,
            program.Command, limits);
        if (program.Compile is { Artifact: not null })
            maxLineBytes += 64 << 20; // a compiled validator binary comes back in the ready line

        var timeout = TimeSpan.FromSeconds(settings.CompileSeconds + settings.ServerMarginSeconds);
        var ready = await ExchangeAsync(setup, "ready", timeout, cancellationToken);
        Compile = ready.Compile?.ToReport();
        Artifact = ready.Artifact;
    }

    public async Task<RunReport> RunAsync(SandboxRun run, CancellationToken cancellationToken)
    {
        var message = new RunnerProtocol.Test(run.Name, run.Stdin, run.Files, run.Arguments);
        var timeout = TimeSpan.FromMilliseconds(limits.WallMs) + TimeSpan.FromSeconds(settings.ServerMarginSeconds);
        var reply = await ExchangeAsync(message, "result", timeout, cancellationToken);
        return reply.ToReport();
    }

    private async Task<RunnerProtocol.Reply> ExchangeAsync<T>(T message, string expectedType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed || stream is null, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(message, RunnerProtocol.Json);
            await stream.WriteAsync([.. line, (byte)'\n'], 0, line.Length + 1, deadline.Token);
            var replyLine = await ReadLineAsync(deadline.Token);
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
            throw new SandboxException(
                $"The sandbox did not answer within {timeout.TotalSeconds:0} s (the runner's own limits should have stopped the program first).");
        }
        catch (JsonException ex)
        {
            throw new SandboxException($"The sandbox runner sent a malformed reply: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
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
        if (disposed) return;
        disposed = true;
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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"sandbox {containerId[..12]}");
}
