using System.Net.Http.Json;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Api;

public sealed class HealthApiTests : IDisposable
{
    private readonly ApugFactory factory = new();

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private sealed record HealthDto(string Status, string Database, string Docker, int Challenges, int BrokenChallenges, int Queued);

    [Fact]
    public async Task HealthReportsTheDatabaseTheEngineAndTheLoadedChallenges()
    {
        var health = await factory.CreateClient().GetFromJsonAsync<HealthDto>("/api/health");
        Assert.NotNull(health);
        Assert.Equal("ok", health.Database);
        Assert.Equal("ok", health.Docker);
        Assert.Equal("ok", health.Status);
        Assert.True(health.Challenges >= 2);
        Assert.Equal(0, health.BrokenChallenges);
    }
}
