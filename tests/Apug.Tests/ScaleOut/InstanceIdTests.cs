using Apug.Server.Data;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.ScaleOut;

/// <summary>
/// No two running instances share an id on one PostgreSQL (they would take each other's claims): the second refuses
/// to start and says why; an id whose instance was killed is taken over once its heartbeat stops; the containers'
/// owner label follows the id, not the database path.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class InstanceIdTests(ScaleOutServers servers)
{
    [Fact]
    public async Task ASecondInstanceWithALiveInstancesIdRefusesToStartAndAKilledOnesIdIsTakenOver()
    {
        var settings = new Dictionary<string, string>
        {
            ["Apug:Database:Provider"] = "postgres",
            ["ConnectionStrings:Apug"] = await servers.NewDatabaseAsync(),
            ["Apug:InstanceId"] = "twin",
            ["Apug:Sandbox:WarmAtStart"] = "false",
        };
        var folders = Enumerable.Range(0, 3).Select(_ => Directory.CreateTempSubdirectory("apug-twin-").FullName).ToList();
        try
        {
            await using var first = await ServerProcess.StartAsync(folders[0], TestPaths.BundledChallenges, settings);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(folders[1], TestPaths.BundledChallenges, settings));
            Assert.Contains("exited at start (1)", refused.Message);
            Assert.Contains("Another running instance uses Apug:InstanceId 'twin'", refused.Message);
            Assert.DoesNotContain("   at ", refused.Message); // a message, not a stack trace
            using (var client = first.CreateClient())
                Assert.True((await client.GetAsync("/api/health")).IsSuccessStatusCode, "the first instance suffered from the second's attempt");

            // Killed (no shutdown to free the id): a restart under the same id waits for the heartbeat to stop, then runs.
            await first.KillAsync();
            await using var restarted = await ServerProcess.StartAsync(folders[2], TestPaths.BundledChallenges, settings);
            Assert.Contains("Running as instance twin", restarted.Output);
        }
        finally
        {
            foreach (var folder in folders) try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task OnPostgresTheContainersOwnerFollowsTheInstanceIdNotTheDatabasePath()
    {
        var shared = await servers.PostgresSettingsAsync();
        var data = Directory.CreateTempSubdirectory("apug-owner-").FullName;
        // The same (default-like) database path on two machines: different instances, so different owners.
        using var a = new ApugFactory(dataDirectory: data, settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "owner-a" }));
        using var b = new ApugFactory(dataDirectory: data, settings: ApugFactory.With(shared, new Dictionary<string, string?> { ["Apug:InstanceId"] = "owner-b" }));
        _ = a.Server;
        _ = b.Server;
        Assert.NotEqual(a.Services.GetRequiredService<SandboxOwner>().Id, b.Services.GetRequiredService<SandboxOwner>().Id);
        Assert.Equal(a.Services.GetRequiredService<Database>().FilePath, b.Services.GetRequiredService<Database>().FilePath);

        // On SQLite the file is the server: the owner stays derived from it.
        using var sqlite = new ApugFactory(dataDirectory: data, settings: new Dictionary<string, string?> { ["Apug:InstanceId"] = "owner-a" });
        _ = sqlite.Server;
        Assert.NotEqual(a.Services.GetRequiredService<SandboxOwner>().Id, sqlite.Services.GetRequiredService<SandboxOwner>().Id);
        a.DeleteData();
    }
}
