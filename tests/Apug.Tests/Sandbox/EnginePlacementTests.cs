using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Sandbox;

[Collection(DockerCollection.Name)]
public sealed class EnginePlacementTests
{
    /// <summary>A health ping that timed out on a busy machine pauses the engine; a program that needs it while it answers
    /// must still get it (one engine: the default), not a judge error until the pause is over.</summary>
    [Fact]
    public async Task AnEnginePausedByAFailedPingIsAskedAgainBeforeAProgramIsRefused()
    {
        using var factory = new ApugFactory();
        var engines = factory.Services.GetRequiredService<SandboxEngines>();
        var engine = Assert.Single(engines.All);
        engine.MarkDown("no answer within 5 s");
        Assert.False(engine.Reachable);
        Assert.Same(engine, await engines.PickAsync(SandboxImage.Python, new HashSet<SandboxEngine>(), CancellationToken.None));
        engine.Leave(SandboxImage.Python);
        Assert.True(engine.Reachable);
    }
}
