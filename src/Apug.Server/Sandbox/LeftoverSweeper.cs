using Docker.DotNet;
using Docker.DotNet.Models;

namespace Apug.Server.Sandbox;

/// <summary>
/// Removes containers a previous run of this server left behind on one engine (crash, power cut, kill -9): only this
/// instance's own (its owner label), never those of another server sharing the engine.
/// </summary>
public sealed class LeftoverSweeper(DockerClient docker, string endpoint, SandboxOwner owner, ILogger logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool swept;

    /// <summary>Sweeps once per server life, before this engine's first container; retried while the engine is away.</summary>
    public async Task EnsureSweptAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref swept)) return;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (swept) return;
            await SweepAsync(cancellationToken);
            Volatile.Write(ref swept, true);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <param name="keep">Containers of this owner to leave alone, by their labels (those the pool still holds).</param>
    public async Task<int> SweepAsync(CancellationToken cancellationToken, Func<IDictionary<string, string>, bool>? keep = null)
    {
        var removed = await RemoveAsync(docker, $"{DockerSandbox.OwnerLabel}={owner.Id}", keep, cancellationToken);
        if (removed > 0)
            logger.LogWarning("Removed {Count} sandbox container(s) left over from a previous run on {Engine}", removed, endpoint);
        return removed;
    }

    /// <summary>
    /// Removes (with their volumes) the sandbox containers that carry a label (`key=value`, or `key` with any value),
    /// but those <paramref name="keep"/> keeps by their labels; returns how many. The one way sandbox containers are
    /// cleaned up: the sweep of an owner's leftovers here, a test run's containers in the tests.
    /// </summary>
    public static async Task<int> RemoveAsync(IDockerClient docker, string label, Func<IDictionary<string, string>, bool>? keep,
        CancellationToken cancellationToken)
    {
        var leftovers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{DockerSandbox.SandboxLabel}=1"] = true, [label] = true },
            },
        }, cancellationToken);
        if (keep is not null) leftovers = [.. leftovers.Where(c => !keep(c.Labels ?? new Dictionary<string, string>()))];
        foreach (var container in leftovers)
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID,
                    new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
        return leftovers.Count;
    }
}
