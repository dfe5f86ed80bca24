using Docker.DotNet;
using Docker.DotNet.Models;

namespace Apug.Server.Sandbox;

/// <summary>Removes containers a previous run of this server left behind (crash, power cut, kill -9).</summary>
public sealed class LeftoverSweeper(DockerClient docker, SandboxOwner owner, ILogger<LeftoverSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
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
            logger.LogWarning("Removed {Count} sandbox container(s) left over from a previous run", leftovers.Count);
        return leftovers.Count;
    }
}
