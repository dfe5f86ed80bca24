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
        Limits Limits)
    {
        public string Type => "setup";
    }

    public sealed record CompileStep(IReadOnlyList<string> Command, string? Artifact);

    public sealed record Limits(int CpuMs, int WallMs, int MemoryKb, int OutputKb, int StderrKb);

    public sealed record Test(
        string Name,
        byte[] Stdin,
        IReadOnlyDictionary<string, byte[]>? Files,
        IReadOnlyList<string>? Args)
    {
        public string Type => "test";
    }

    public sealed record Exit
    {
        public string Type => "exit";
    }

    /// <summary>Any line the runner sends: ready, result or error. A result's report fields sit at the top level.</summary>
    public sealed record Reply
    {
        public string Type { get; init; } = "";
        public string? Name { get; init; }
        public string? Message { get; init; }
        public Reply? Compile { get; init; }
        public byte[]? Artifact { get; init; }
        public string? Status { get; init; }
        public int? ExitCode { get; init; }
        public int? Signal { get; init; }
        public int CpuMs { get; init; }
        public int WallMs { get; init; }
        public int MemoryKb { get; init; }
        public byte[]? Stdout { get; init; }
        public bool StdoutTruncated { get; init; }
        public byte[]? Stderr { get; init; }
        public Dictionary<string, byte[]>? Feedback { get; init; }
        public string? Detail { get; init; }

        public RunReport ToReport() => new(
            Status switch
            {
                "ok" => RunStatus.Ok,
                "tle" => RunStatus.TimeLimit,
                "mle" => RunStatus.MemoryLimit,
                "ole" => RunStatus.OutputLimit,
                "rte" => RunStatus.RuntimeError,
                _ => throw new SandboxException($"The runner reported an unknown status '{Status}'."),
            },
            ExitCode, Signal, CpuMs, WallMs, MemoryKb,
            Stdout ?? [], StdoutTruncated, Stderr ?? [],
            Feedback ?? new Dictionary<string, byte[]>(), Detail ?? "");
    }
}
