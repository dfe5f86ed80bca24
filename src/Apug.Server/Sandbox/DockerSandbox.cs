using System.Net.Sockets;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>
/// Programs run in warm containers taken from <see cref="SandboxPool"/>: a container serves one program at a time and
/// many programs in its life, each run of each program in a fresh cgroup and fresh namespaces made by runner.py.
/// One per engine; judging sees them through <see cref="RoutedSandbox"/> (which pings and sums the pools).
/// </summary>
public sealed class DockerSandbox(
    SandboxPool pool,
    IOptions<SandboxOptions> options)
{
    public const string SandboxLabel = "apug.sandbox";
    public const string OwnerLabel = "apug.owner";

    public async Task<ISandboxSession> StartAsync(SandboxProgram program, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wallMs = WallMs(program.Limits.CpuMs, settings);
        var limits = new RunnerProtocol.Limits(program.Limits.CpuMs, wallMs, program.Limits.MemoryKb, program.Limits.OutputKb,
            settings.StderrKiB, settings.TmpMiB * 1024, settings.PidsLimit);
        var compile = program.Compile is { } step
            ? new RunnerProtocol.CompileStep(step.Command, step.Artifact, step.CpuMs, WallMs(step.CpuMs, settings))
            : null;
        // An interactor waits for the program: its wall clock is the program's plus its own CPU time.
        var interactor = program.Interactor is { } judge
            ? new RunnerProtocol.InteractorSetup(judge.Files, judge.Executables, judge.Command,
                new RunnerProtocol.Limits(judge.Limits.CpuMs, (int)Math.Min(int.MaxValue, (long)wallMs + judge.Limits.CpuMs),
                    judge.Limits.MemoryKb, judge.Limits.OutputKb, settings.StderrKiB, settings.TmpMiB * 1024, settings.PidsLimit))
            : null;
        var setup = new RunnerProtocol.Setup(program.Files, program.Executables, compile, program.Command, limits,
            // Never warm beside an interactor: the fork would hold what the runner was sent of its files and the test data.
            program.Feedback, settings.TmpInodes, program.Warm && settings.ForkServer && interactor is null) { Interactor = interactor };
        // The session's backstop covers the longer of the two runs of a test.
        var testLimits = interactor is null ? limits : limits with { WallMs = Math.Max(limits.WallMs, interactor.Limits.WallMs) };
        // Both runs of an interactive test share the container: its ceiling must hold both limits.
        var memoryKb = program.Limits.MemoryKb + (program.Interactor?.Limits.MemoryKb ?? 0);
        var setupTimeout = TimeSpan.FromMilliseconds(compile?.WallMs ?? 0) + TimeSpan.FromSeconds(settings.ServerMarginSeconds);
        var maxReplyBytes = MaxReplyBytes(program, settings);

        // A warm container may have died since it was started (engine restart, OOM of the whole box): try a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            WarmContainer? container = null;
            try
            {
                container = await pool.TakeAsync(program.Image, memoryKb, fresh: attempt > 1, cancellationToken);
                var ready = await container.ExchangeAsync(setup, "ready", setupTimeout, maxReplyBytes, cancellationToken);
                return new PooledSandboxSession(pool, container, testLimits, ready, maxReplyBytes, settings);
            }
            catch (Exception ex) when (container is not null && attempt == 1 && !cancellationToken.IsCancellationRequested && ex is SandboxException or IOException)
            {
                pool.Discard(container);
            }
            catch
            {
                if (container is not null) pool.Discard(container);
                throw;
            }
        }
    }

    private static int WallMs(int cpuMs, SandboxOptions settings) =>
        (int)Math.Min(int.MaxValue, cpuMs * settings.WallClockFactor + settings.WallClockExtraMs);

    /// <summary>A reply carries stdout, stderr and feedback as base64: bound it so a broken runner cannot flood the server.</summary>
    private static int MaxReplyBytes(SandboxProgram program, SandboxOptions settings)
    {
        const int feedbackKiB = 64 * 64; // up to 64 files of 64 KiB (runner.py)
        long bytes = (program.Limits.OutputKb + settings.StderrKiB + feedbackKiB + 256L) * 1024 / 3 * 4 + 65536;
        if (program.Interactor is not null) bytes += (settings.StderrKiB + feedbackKiB + 256L) * 1024 / 3 * 4; // its facts ride along
        if (program.Compile is { Artifact: not null }) bytes += 64 << 20; // a compiled validator comes back in the ready line
        return (int)Math.Min(int.MaxValue, bytes);
    }

    /// <summary>Whether a failure says the engine did not answer: refused, reset, timed out (a blackholed host, a hung
    /// dockerd: cancelled by a deadline, never the caller's cancellation, which callers rule out), or a TLS handshake
    /// that refused the engine's certificate.</summary>
    internal static bool IsEngineUnreachable(Exception ex) =>
        ex is HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException
            or DockerApiException { StatusCode: System.Net.HttpStatusCode.InternalServerError }
        || ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsEngineUnreachable)
        || ex.InnerException is not null && IsEngineUnreachable(ex.InnerException);
}

/// <summary>One program in one warm container; disposing it hands the container back to the pool (or away).</summary>
internal sealed class PooledSandboxSession(
    SandboxPool pool,
    WarmContainer container,
    RunnerProtocol.Limits limits,
    RunnerProtocol.Reply ready,
    int maxReplyBytes,
    SandboxOptions settings) : ISandboxSession
{
    private bool broken;
    private bool recycle;
    private bool disposed;

    public RunReport? Compile { get; } = ready.Compile?.ToReport();
    public byte[]? Artifact { get; } = ready.Artifact;
    public string? ArtifactError { get; } = ready.Compile?.ArtifactError;

    public async Task<RunReport> RunAsync(SandboxRun run, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var message = new RunnerProtocol.Test(run.Name, run.Stdin, run.Files, run.Arguments, run.Last);
        var timeout = TimeSpan.FromMilliseconds(limits.WallMs) + TimeSpan.FromSeconds(settings.ServerMarginSeconds);
        try
        {
            var reply = await container.ExchangeAsync(message, "result", timeout, maxReplyBytes, cancellationToken);
            recycle |= reply.Recycle is not null;
            return reply.ToReport();
        }
        catch
        {
            broken = true;
            throw;
        }
    }

    /// <summary>What became of this program's container (after a failed run).</summary>
    internal Task<ContainerFate> FateAsync() => container.FateAsync();

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        if (broken || recycle)
        {
            pool.Discard(container);
            return;
        }
        try
        {
            var idle = await container.ExchangeAsync(new RunnerProtocol.End(), "idle", TimeSpan.FromSeconds(settings.ServerMarginSeconds), 65536, CancellationToken.None);
            if (idle.Healthy == true) pool.Return(container);
            else pool.Discard(container);
        }
        catch (Exception ex) when (ex is SandboxException or IOException or ObjectDisposedException)
        {
            pool.Discard(container);
        }
    }
}
