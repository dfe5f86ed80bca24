using System.ComponentModel.DataAnnotations;

namespace Apug.Server.Judging;

/// <summary>Bound from "Apug".</summary>
public sealed class JudgingOptions
{
    /// <summary>Submissions judged at once; each holds one container. 0 means one per core. The one-engine shorthand: with
    /// Apug:Sandbox:Engines the workers are the sum of theirs (SandboxOptions.TotalWorkers).</summary>
    [Range(0, 64)]
    public int Workers { get; set; }

    /// <summary>Submissions waiting in memory; more wait in the database (a request never waits for room) and the workers
    /// take them from there once the queue is empty.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Largest accepted source; a package's limits.code wins when it sets one.</summary>
    [Range(1, 10_240)]
    public int MaxSourceKiB { get; set; } = 64;

    /// <summary>How often to ping an unreachable Docker engine to judge again what it failed.</summary>
    [Range(1, 3600)]
    public int EngineRetrySeconds { get; set; } = 5;

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}
