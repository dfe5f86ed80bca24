using System.ComponentModel.DataAnnotations;

namespace Apug.Server.Sandbox;

/// <summary>Bound from "Apug:Sandbox". Every limit the container gets is here, so an organiser can tune it.</summary>
public sealed class SandboxOptions
{
    /// <summary>The one-engine shorthand: the engine used when <see cref="Engines"/> is empty, with Apug:Workers workers.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>Several Docker engines, each with its own workers and warm pool; replaces DockerEndpoint when set. See docs/sandbox.md.</summary>
    public List<SandboxEngineOptions> Engines { get; set; } = [];

    /// <summary>Apug:Workers as given (0: unset), copied here by Judging: the shorthand engine's worker count. Not bound.</summary>
    public int ShorthandWorkers { get; internal set; }

    /// <summary>The engines to use: the Engines list, or the one engine of the shorthand.</summary>
    public IReadOnlyList<SandboxEngineOptions> EffectiveEngines => Engines.Count > 0
        ? Engines
        : [new SandboxEngineOptions { Endpoint = DockerEndpoint, Workers = ShorthandWorkers > 0 ? ShorthandWorkers : Environment.ProcessorCount }];

    /// <summary>Submissions judged at once: the sum of the engines' workers.</summary>
    public int TotalWorkers => EffectiveEngines.Sum(e => e.Workers);

    /// <summary>Extra labels on every sandbox container (e.g. to tell one deployment's or test run's containers apart).</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    [Required(AllowEmptyStrings = false)]
    public string PythonImage { get; set; } = DefaultPythonImage;

    /// <summary>The image this runner.py is built into by default (the tag moves when the runner changes).</summary>
    public const string DefaultPythonImage = "apug-sandbox-python:8";

    [Required(AllowEmptyStrings = false)]
    public string ValidatorImage { get; set; } = "apug-sandbox-validator:8";

    /// <summary>Where the image build scripts live; relative paths resolve against the current directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ImagesPath { get; set; } = "sandbox-images";

    /// <summary>Build a missing image with the offline script on first use (needs root and debootstrap).</summary>
    public bool BuildMissingImages { get; set; } = true;

    /// <summary>Processes and threads one run may have at once (its own cgroup's pids.max).</summary>
    [Range(8, 4096)]
    public int PidsLimit { get; set; } = 64;

    /// <summary>Warm sandboxes kept started per image on each engine, so no submission waits for a container. 0: one per
    /// worker of that engine (Engines[].Workers, or Apug:Workers for the one-engine shorthand).</summary>
    [Range(0, 256)]
    public int PoolSize { get; set; }

    /// <summary>Run CPython solutions in a fork of the runner's already started interpreter (no interpreter start per
    /// test), set up as `python3 solution.py` would be; each run keeps its own cgroup and namespaces. The forks come
    /// from a zygote that never held a source or a test (docs/sandbox.md, "The fork server and memory").</summary>
    public bool ForkServer { get; set; } = true;

    /// <summary>Fill the solutions' pool when the server starts (otherwise on first use).</summary>
    public bool WarmAtStart { get; set; } = true;

    /// <summary>Each warm sandbox runs its programs as its own uid, from this one up: per-uid kernel limits
    /// (inotify instances, pipe buffers) are then never shared between teams. Give instances sharing an engine different bases.</summary>
    [Range(1000, 60_000)]
    public int UidBase { get; set; } = 20_000;

    /// <summary>A warm container's own memory ceiling (a cap, not a reservation): the largest run limit it can serve
    /// beyond the runner's share. A program with a larger limit gets a container made for it.</summary>
    [Range(64, 1_048_576)]
    public int MaxMemoryMiB { get; set; } = 4096;

    [Range(0.1, 64)]
    public double Cpus { get; set; } = 1.0;

    /// <summary>Size of each run's fresh /tmp and /dev/shm tmpfs, the only places a program may write; what it writes counts as its memory.</summary>
    [Range(1, 4096)]
    public int TmpMiB { get; set; } = 64;

    /// <summary>Files and directories /tmp and /dev/shm can each hold: bounds the cleanup after a run.</summary>
    [Range(64, 1_000_000)]
    public int TmpInodes { get; set; } = 8192;

    /// <summary>Size of the runner's private /box tmpfs (program files and one test's data).</summary>
    [Range(16, 8192)]
    public int BoxMiB { get; set; } = 256;

    /// <summary>Memory for the runner itself, on top of a run's limit and the test data in /box (the judge's share, never the run's).</summary>
    [Range(16, 4096)]
    public int MemoryOverheadMiB { get; set; } = 64;

    /// <summary>How much of a program's stderr is kept (the tail: tracebacks end there).</summary>
    [Range(1, 1024)]
    public int StderrKiB { get; set; } = 16;

    /// <summary>Wall-clock backstop per run: time limit × factor + extra (catches sleepers).</summary>
    [Range(1.0, 20.0)]
    public double WallClockFactor { get; set; } = 2.0;

    [Range(0, 60_000)]
    public int WallClockExtraMs { get; set; } = 1000;

    /// <summary>The server's own patience beyond the runner's backstop before it kills the container (judge error).</summary>
    [Range(1, 600)]
    public int ServerMarginSeconds { get; set; } = 15;

    /// <summary>Time allowed to compile (Python syntax check, C++ validator build).</summary>
    [Range(1, 600)]
    public int CompileSeconds { get; set; } = 60;

    /// <summary>The compile step's CPU limit in the runner's unit.</summary>
    public int CompileCpuMs => CompileSeconds * 1000;
}

/// <summary>One Docker engine of Apug:Sandbox:Engines.</summary>
public sealed class SandboxEngineOptions
{
    /// <summary>unix:///path/to/docker.sock, or tcp://host:port (then with TLS client certificates).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Programs this engine runs at once (its share of the judge's workers).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>For tcp://: the CA that signed the engine's server certificate (PEM), as dockerd's --tlscacert.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>For tcp://: this judge's client certificate (PEM), signed by the CA the engine trusts.</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>For tcp://: the client certificate's private key (PEM).</summary>
    public string? ClientKey { get; set; }

    /// <summary>The endpoint as logs and /api/health show it: no user info, query or fragment.</summary>
    public string Display => Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri)
        ? uri.Scheme == "unix" ? $"unix://{uri.AbsolutePath}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}"
        : "(invalid endpoint)";
}
