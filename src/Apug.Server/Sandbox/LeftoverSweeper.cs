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
        var leftovers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool>
                {
                    [$"{DockerSandbox.SandboxLabel}=1"] = true,
                    [$"{DockerSandbox.OwnerLabel}={owner.Id}"] = true,
                },
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
        if (leftovers.Count > 0)
            logger.LogWarning("Removed {Count} sandbox container(s) left over from a previous run on {Engine}", leftovers.Count, endpoint);
        return leftovers.Count;
    }
}
