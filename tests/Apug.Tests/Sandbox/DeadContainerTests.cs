using System.Net.Http.Json;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Sandbox;

/// <summary>
/// Whether a failed run moves is decided by its container's state, not by a ping: a container killed mid-run (an
/// engine restart does that to every container) on an engine that still answers has its run judged again in a fresh
/// one, and the submission gets its real verdict, not a judge error.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DeadContainerTests : IDisposable
{
    private readonly ApugFactory factory = new(settings: new Dictionary<string, string?> { ["Apug:Workers"] = "1" });

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    [Fact]
    public async Task ARunWhoseContainerIsKilledIsRunAgainInAFreshContainerAndTheVerdictStands()
    {
        var team = await factory.CreateTeamClientAsync("Resilient Pugs");
        var engine = factory.Services.GetRequiredService<SandboxEngines>().All.Single();
        var owner = factory.Services.GetRequiredService<SandboxOwner>().Id;
        var testsDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Events.Subscribe(e => { if (e is TestJudged { Test.Ordinal: >= 2 }) testsDone.TrySetResult(); });

        // Ten tests of 0.6 s each: the kill lands in the middle of one.
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "import time\ntime.sleep(0.6)\nprint(f'Hello, {input().strip()}!')\n" });
        var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
        await testsDone.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await Task.Delay(200);
        var containers = await engine.Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerSandbox.OwnerLabel}={owner}"] = true } },
        });
        Assert.NotEmpty(containers);
        foreach (var container in containers) await engine.Docker.Containers.KillContainerAsync(container.ID, new ContainerKillParameters());

        var result = await ApugFactory.WaitJudgedAsync(team, id, TimeSpan.FromSeconds(120), "not judged after its container was killed");
        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal(10, result.Tests.Length);
        Assert.True(engine.Repeated >= 1, "the interrupted run was not counted as repeated");
        Assert.True(engine.Reachable, "a dead container is no reason to think the engine is gone");
    }
}
