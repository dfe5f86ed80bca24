using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apug.Server.Sandbox;

/// <summary>The JSON lines spoken with runner.py (see sandbox-images/PROTOCOL.md). byte[] travels as base64.</summary>
internal static class RunnerProtocol
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Setup(
        IReadOnlyDictionary<string, byte[]> Files,
        IReadOnlyList<string> Executables,
        CompileStep? Compile,
        IReadOnlyList<string> Run,
        Limits Limits,
        bool Feedback,
        int Inodes,
        bool Warm)
    {
        public string Type => "setup";

        public InteractorSetup? Interactor { get; init; }
    }

    public sealed record InteractorSetup(
        IReadOnlyDictionary<string, byte[]> Files,
        IReadOnlyList<string> Executables,
        IReadOnlyList<string> Run,
        Limits Limits);

    public sealed record CompileStep(IReadOnlyList<string> Command, string? Artifact, int CpuMs, int WallMs);

    public sealed record Limits(int CpuMs, int WallMs, int MemoryKb, int OutputKb, int StderrKb, int TmpKb, int Pids);

    public sealed record Test(
        string Name,
        byte[] Stdin,
        IReadOnlyDictionary<string, byte[]>? Files,
        IReadOnlyList<string>? Args,
        bool Last)
    {
        public string Type => "test";
    }

    /// <summary>The program is done: the runner forgets it and answers "idle".</summary>
    public sealed record End
    {
        public string Type => "end";
    }

    /// <summary>Any line the runner sends: hello, ready, result, idle or error. A result's facts sit at the top level.</summary>
    public sealed record Reply
    {
        public string Type { get; init; } = "";
        public string? Name { get; init; }
        public string? Message { get; init; }
        public string? Cgroup { get; init; }
        public Reply? Compile { get; init; }
        public byte[]? Artifact { get; init; }
        public string? ArtifactError { get; init; }
        public int? ExitCode { get; init; }
        public int? Signal { get; init; }
        public int CpuMs { get; init; }
        public int WallMs { get; init; }
        public int MemoryKb { get; init; }
        public bool OomKilled { get; init; }
        public string? Stopped { get; init; }
        public byte[]? Stdout { get; init; }
        public bool StdoutTruncated { get; init; }
        public byte[]? Stderr { get; init; }
        public Dictionary<string, byte[]>? Feedback { get; init; }
        public bool? Healthy { get; init; }
        public string? Reason { get; init; }
        /// <summary>Set when the runner could not clean up after this run: the container must not serve another program.</summary>
        public string? Recycle { get; init; }
        public Reply? Interactor { get; init; }
        public bool InteractorFirst { get; init; }

        public RunReport ToReport() => new(
            ExitCode, Signal, CpuMs, WallMs, MemoryKb, OomKilled,
            Stopped switch
            {
                null => RunStop.None,
                "cpuLimit" => RunStop.CpuLimit,
                "wallLimit" => RunStop.WallLimit,
                "outputLimit" => RunStop.OutputLimit,
                "interactorEnded" => RunStop.InteractorEnded,
                _ => throw new SandboxException($"The runner reported an unknown stop reason '{Stopped}'."),
            },
            Stdout ?? [], StdoutTruncated, Stderr ?? [],
            Feedback ?? new Dictionary<string, byte[]>())
        {
            Interactor = Interactor?.ToReport(),
            InteractorFirst = InteractorFirst,
        };
    }
}
