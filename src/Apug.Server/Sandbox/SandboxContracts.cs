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
}

public interface ISandboxSession : IAsyncDisposable
{
    /// <summary>The compile step's report, or null when the program needed none.</summary>
    RunReport? Compile { get; }

    /// <summary>Bytes of the compile artifact (e.g. a C++ validator binary) for caching.</summary>
    byte[]? Artifact { get; }

    Task<RunReport> RunAsync(SandboxRun run, CancellationToken cancellationToken);
}

public enum SandboxImage { Python, Validator }

public sealed record SandboxProgram(
    SandboxImage Image,
    IReadOnlyDictionary<string, byte[]> Files,
    IReadOnlyList<string> Executables,
    SandboxCompile? Compile,
    IReadOnlyList<string> Command,
    RunLimits Limits);

public sealed record SandboxCompile(IReadOnlyList<string> Command, string? Artifact);

public sealed record RunLimits(int CpuMs, int MemoryKb, int OutputKb);

/// <summary>One execution: stdin, optional files placed under /box/test/, extra arguments.</summary>
public sealed record SandboxRun(
    string Name,
    byte[] Stdin,
    IReadOnlyDictionary<string, byte[]>? Files = null,
    IReadOnlyList<string>? Arguments = null);

public enum RunStatus { Ok, TimeLimit, MemoryLimit, OutputLimit, RuntimeError }

/// <summary>What happened to one execution, as the in-container runner measured it.</summary>
public sealed record RunReport(
    RunStatus Status,
    int? ExitCode,
    int? Signal,
    int CpuMs,
    int WallMs,
    int MemoryKb,
    byte[] Stdout,
    bool StdoutTruncated,
    byte[] Stderr,
    IReadOnlyDictionary<string, byte[]> Feedback,
    string Detail);

/// <summary>The sandbox itself failed (engine gone, runner broke, backstop hit): the judge's fault, never the team's.</summary>
public sealed class SandboxException(string message, Exception? inner = null, bool engineUnreachable = false) : Exception(message, inner)
{
    /// <summary>The Docker engine did not answer: worth trying again once it does.</summary>
    public bool EngineUnreachable { get; } = engineUnreachable;

    /// <summary>The one message for "the engine did not answer", wherever the sandbox noticed it.</summary>
    public static SandboxException Unreachable(string endpoint, Exception cause) => new(
        $"Cannot use the Docker engine at {endpoint}: {cause.Message}. " +
        "Start it (e.g. `dockerd --bridge=none --iptables=false --ip6tables=false &`) and the submission will be judged again.",
        cause, engineUnreachable: true);
}
