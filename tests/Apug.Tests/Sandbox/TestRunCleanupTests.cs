using System.Diagnostics;
using System.Globalization;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Apug.Tests.Sandbox;

/// <summary>The test run's own clean-up of sandbox containers: only test runs' containers, and only those of runs that ended.</summary>
[Collection(DockerCollection.Name)]
public sealed class TestRunCleanupTests
{
    [Fact]
    public async Task ContainersOfEndedTestRunsAreRemovedAndOthersKept()
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        using var init = Process.GetProcessById(1);
        var running = $"1-{new DateTimeOffset(init.StartTime.ToUniversalTime()).ToUnixTimeSeconds()}"; // pid 1 outlives any test run
        var cases = new Dictionary<string, string?>
        {
            ["ended"] = "999999999-1", // no such process
            ["pid reused"] = "1-1", // pid 1 exists, but started at another time
            ["still running"] = running,
            ["not a test run's"] = null,
        };
        var ids = new Dictionary<string, string>();
        try
        {
            foreach (var (name, run) in cases)
            {
                var labels = new Dictionary<string, string> { [DockerSandbox.SandboxLabel] = "1", [DockerSandbox.OwnerLabel] = "cleanup-test" };
                if (run is not null) labels[TestRun.Label] = run;
                ids[name] = (await docker.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Image = new SandboxOptions().PythonImage, Cmd = ["true"], Labels = labels, NetworkDisabled = true,
                    HostConfig = new HostConfig { NetworkMode = "none" },
                })).ID;
            }

            await TestRun.RemoveEarlierRunsAsync();

            var left = (await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true })).Select(c => c.ID).ToHashSet();
            Assert.Equal(["not a test run's", "still running"], ids.Where(i => left.Contains(i.Value)).Select(i => i.Key).Order());
        }
        finally
        {
            foreach (var id in ids.Values)
            {
                try { await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }); }
                catch (DockerContainerNotFoundException) { }
            }
        }
    }

    [Fact]
    public async Task EveryServerOfTheTestRunLabelsItsContainersWithTheRun()
    {
        await using var host = new SandboxHost();
        await host.RequireEngineAsync();
        host.Pool.Warm(SandboxImage.Python);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IList<ContainerListResponse> own;
        while ((own = await host.OwnContainersAsync()).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pool never started a container");
            await Task.Delay(100);
        }
        Assert.All(own, c => Assert.Equal(TestRun.Id, c.Labels[TestRun.Label]));
        Assert.Equal(TestRun.Id, TestRun.EnvironmentVariable.Value); // what server processes get
        Assert.Matches(@"^\d+-\d+$", TestRun.Id);
        Assert.StartsWith(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-", TestRun.Id);
    }
}
