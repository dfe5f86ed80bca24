using System.ComponentModel.DataAnnotations;

namespace Apug.Server.Sandbox;

/// <summary>Bound from "Apug:Sandbox". Every limit the container gets is here, so an organiser can tune it.</summary>
public sealed class SandboxOptions
{
    [Required(AllowEmptyStrings = false)]
    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";

    [Required(AllowEmptyStrings = false)]
    public string PythonImage { get; set; } = "apug-sandbox-python:1";

    [Required(AllowEmptyStrings = false)]
    public string ValidatorImage { get; set; } = "apug-sandbox-validator:1";

    /// <summary>Where the image build scripts live; relative paths resolve against the current directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ImagesPath { get; set; } = "sandbox-images";

    /// <summary>Build a missing image with the offline script on first use (needs root and debootstrap).</summary>
    public bool BuildMissingImages { get; set; } = true;

    [Range(8, 4096)]
    public int PidsLimit { get; set; } = 64;

    [Range(0.1, 64)]
    public double Cpus { get; set; } = 1.0;

    /// <summary>Size of the /tmp tmpfs, the only place a program may write.</summary>
    [Range(1, 4096)]
    public int TmpMiB { get; set; } = 64;

    /// <summary>Size of /dev/shm (multiprocessing's locks and shared memory); it counts as memory like /tmp.</summary>
    [Range(1, 4096)]
    public int ShmMiB { get; set; } = 16;

    /// <summary>Files and directories /tmp and /dev/shm can each hold: bounds the cleanup after a run.</summary>
    [Range(64, 1_000_000)]
    public int TmpInodes { get; set; } = 8192;

    /// <summary>Size of the runner's private /box tmpfs (program files and one test's data).</summary>
    [Range(16, 8192)]
    public int BoxMiB { get; set; } = 256;

    /// <summary>Memory for the runner and one test's data in /box, on top of the problem's limit and /tmp.</summary>
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
}
