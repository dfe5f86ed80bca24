namespace Apug.Server.Sandbox;

/// <summary>
/// The one abstraction between judging and Docker. It speaks in programs and runs, never in verdicts,
/// and it only ever receives the data the caller chooses to send: judging never sends answers to a solution.
/// </summary>
public interface ISandbox
{
    /// <summary>Starts a throwaway container, installs the program and compiles it if asked.</summary>
    Task<ISandboxSession> StartAsync(SandboxProgram program, CancellationToken cancellationToken);

    /// <summary>Whether the engine answers a ping right now (never throws).</summary>
    Task<bool> IsEngineReachableAsync(CancellationToken cancellationToken);

    /// <summary>The warm pools, one per image.</summary>
    IReadOnlyList<SandboxPoolStatus> PoolStatus { get; }
}

public interface ISandboxSession : IAsyncDisposable
{
    /// <summary>The compile step's report, or null when the program needed none.</summary>
    RunReport? Compile { get; }

    /// <summary>Bytes of the compile artifact (e.g. a C++ validator binary) for caching.</summary>
    byte[]? Artifact { get; }

    /// <summary>Why the compile step built no artifact although one was asked for (null when it did).</summary>
    string? ArtifactError { get; }

    Task<RunReport> RunAsync(SandboxRun run, CancellationToken cancellationToken);
}

public enum SandboxImage { Python, Validator }

/// <param name="Feedback">Collect the files the program leaves in /tmp/feedback/ (output validators do).</param>
/// <param name="Warm">Command is ["python3", script]: the runner may run the script in a fork of its own, already
/// started interpreter instead of starting a new one (Sandbox:ForkServer), set up as `python3 script` would be.</param>
public sealed record SandboxProgram(
    SandboxImage Image,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyList<string> Executables,
    SandboxCompile? Compile,
    IReadOnlyList<string> Command,
    RunLimits Limits,
    bool Feedback = false,
    bool Warm = false)
{
    /// <summary>An interactive problem's interactor: it runs beside the program in the same sandbox for every test,
    /// joined to it by pipes; the test's files and arguments are then the interactor's, never the program's.</summary>
    public SandboxInteractor? Interactor { get; init; }
}

/// <summary>The organisers' interactor (an output validator run interactively): its files are readable by its own uid
/// only. Limits are its own (CPU time, memory); its wall clock is the program's plus its own CPU time.</summary>
public sealed record SandboxInteractor(
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyList<string> Executables,
    IReadOnlyList<string> Command,
    RunLimits Limits);

/// <param name="CpuMs">The compile step's own time limit (a C++ build takes longer than a test).</param>
public sealed record SandboxCompile(IReadOnlyList<string> Command, string? Artifact, int CpuMs);

public sealed record RunLimits(int CpuMs, int MemoryKb, int OutputKb);

/// <summary>One execution: stdin, optional files placed under /box/test/, extra arguments. Last: no run of this
/// program follows, so the sandbox prepares none while this one runs.</summary>
public sealed record SandboxRun(
    string Name,
    byte[] Stdin,
    IReadOnlyDictionary<string, byte[]>? Files = null,
    IReadOnlyList<string>? Arguments = null,
    bool Last = false);

/// <summary>What stopped a run before it ended by itself: the runner's own limits, never the program's words.</summary>
public enum RunStop { None, CpuLimit, WallLimit, OutputLimit, InteractorEnded }

/// <summary>
/// Facts about one execution, measured by the run's own cgroup inside the sandbox: CPU and peak memory cover the
/// program and everything it started (orphans and daemons too, memory outside any RSS too), never the runner.
/// Judging turns them into a verdict; nothing here is a verdict.
/// </summary>
public sealed record RunReport(
    int? ExitCode,
    int? Signal,
    int CpuMs,
    int WallMs,
    int MemoryKb,
    bool OomKilled,
    RunStop Stopped,
    byte[] Stdout,
    bool StdoutTruncated,
    byte[] Stderr,
    IReadOnlyDictionary<string, byte[]> Feedback)
{
    /// <summary>Ended by itself with an exit code (zero or not): no signal, no limit, no OOM kill.</summary>
    public bool Exited => Signal is null && ExitCode is not null && Stopped == RunStop.None && !OomKilled;

    /// <summary>Interactive tests: the interactor's own facts (its exit code, feedback files, stderr).</summary>
    public RunReport? Interactor { get; init; }

    /// <summary>Interactive tests: the interactor's run ended before the program's (the runner saw it first).</summary>
    public bool InteractorFirst { get; init; }
}

/// <summary>How full the pool of warm sandboxes is, for /api/health.</summary>
public sealed record SandboxPoolStatus(string Image, int Idle, int Busy, int Starting, int Target);

/// <summary>The sandbox itself failed (engine gone, runner broke, backstop hit): the judge's fault, never the team's.</summary>
public sealed class SandboxException(string message, Exception? inner = null, bool engineUnreachable = false, bool imageUnavailable = false)
    : Exception(message, inner)
{
    /// <summary>The sandbox image is missing (or outdated) on that engine and could not be copied or built: another
    /// engine may still serve the program.</summary>
    public bool ImageUnavailable { get; } = imageUnavailable;

    /// <summary>The Docker engine did not answer: worth trying again once it does.</summary>
    public bool EngineUnreachable { get; } = engineUnreachable;

    /// <summary>The one message for "the engine did not answer", wherever the sandbox noticed it.</summary>
    public static SandboxException Unreachable(string endpoint, Exception cause) => new(
        $"Cannot use the Docker engine at {endpoint}: {cause.Message}. " +
        "Start it (e.g. `dockerd --bridge=none --iptables=false --ip6tables=false &`) and the submission will be judged again.",
        cause, engineUnreachable: true);
}
