using Apug.Server.Challenges;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// At start: warns when the workers, each judging a package with the largest memory limit, could together ask for
/// more memory than the machine has (the kernel would then kill containers, or the server, at random), and says
/// which setting to lower.
/// </summary>
public sealed class MemoryBudget(ChallengeCatalog catalog, IOptions<Sandbox.SandboxOptions> sandbox, IOptions<ChallengesOptions> challenges,
    ILogger<MemoryBudget> logger) : IHostedService
{
    // Each container's limit is the solution's plus what the runner, /tmp and /dev/shm may use (README: the sandbox).
    public const int SandboxOverheadMiB = 144;

    /// <summary>The warning, or null when the budget fits.</summary>
    public static string? Check(int workers, IReadOnlyList<ChallengePackage> packages, int defaultMemoryMiB, long machineBytes)
    {
        var largest = packages.MaxBy(p => p.Limits.MemoryMiB);
        int largestMiB = largest?.Limits.MemoryMiB ?? defaultMemoryMiB;
        long neededMiB = (long)workers * (largestMiB + SandboxOverheadMiB);
        long machineMiB = machineBytes / (1024 * 1024);
        if (neededMiB <= machineMiB) return null;
        string which = largest is null || largest.Limits.MemorySource == LimitSource.Default
            ? $"Apug:DefaultMemoryMiB ({defaultMemoryMiB} MiB, the limit of packages that set none)"
            : $"limits.memory of '{largest.Id}' ({largestMiB} MiB)";
        return $"{workers} workers × ({largestMiB} MiB memory limit + {SandboxOverheadMiB} MiB sandbox) = {neededMiB} MiB, " +
               $"more than this machine's {machineMiB} MiB: lower Apug:Workers (to {Math.Max(1, machineMiB / (largestMiB + SandboxOverheadMiB))}) or {which}";
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Only the engines on this machine (unix sockets) use its memory; remote engines' workers use theirs.
        var local = sandbox.Value.EffectiveEngines.Where(e => e.Endpoint.StartsWith("unix://", StringComparison.Ordinal)).Sum(e => e.Workers);
        if (local == 0) return Task.CompletedTask;
        var warning = Check(local, catalog.All, challenges.Value.DefaultMemoryMiB, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        if (warning is not null) logger.LogWarning("Memory: {Warning}", warning);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
