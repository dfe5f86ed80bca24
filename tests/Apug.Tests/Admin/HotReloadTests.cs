using System.Net.Http.Json;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Admin;

/// <summary>The server watches the challenges folder: edits go live without a restart, broken edits do not take anything away.</summary>
public sealed class HotReloadTests : IDisposable
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-reload-").FullName;
    private readonly ApugFactory factory;
    private readonly HttpClient admin;

    public HotReloadTests()
    {
        new PackageBuilder(challenges, "echo").Sample("1", "1\n", "1\n").Secret("01", "2\n", "2\n").Build();
        factory = new ApugFactory(challenges, settings: AdminClient.Settings);
        admin = factory.CreateAdminClient();
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    private sealed record ChallengeDto(string Id, string Name, int TestCount);

    /// <summary>Polls until the condition holds (file events are asynchronous), failing after 15 s.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, Func<T, bool> condition, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await read();
            if (value is not null && condition(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}; last seen: {value}");
            await Task.Delay(100);
        }
    }

    private string Yaml => Path.Combine(challenges, "echo", "problem.yaml");

    [Fact]
    public async Task AnEditedPackageIsLiveWithoutARestartAndABrokenEditKeepsTheLastGoodVersion()
    {
        var client = factory.CreateClient();
        var before = await admin.GetFromJsonAsync<CatalogDto>("/api/admin/challenges", Json.Options);
        Assert.Equal("echo", Assert.Single(before!.Challenges).Name);

        File.WriteAllText(Yaml, File.ReadAllText(Yaml).Replace("name: echo", "name: Echo Chamber"));
        File.WriteAllText(Path.Combine(challenges, "echo", "data", "secret", "02.in"), "3\n");
        File.WriteAllText(Path.Combine(challenges, "echo", "data", "secret", "02.ans"), "3\n");
        var edited = await EventuallyAsync(() => client.GetFromJsonAsync<ChallengeDto[]>("/api/challenges", Json.Options),
            list => list.Single().Name == "Echo Chamber" && list.Single().TestCount == 3, "the edited name and the new test");
        var editedHash = (await admin.GetFromJsonAsync<CatalogDto>("/api/admin/challenges", Json.Options))!.Challenges.Single().ContentHash;
        Assert.NotEqual(before.Challenges.Single().ContentHash, editedHash);

        File.WriteAllText(Yaml, "name: [unclosed\n");
        var broken = await EventuallyAsync(() => admin.GetFromJsonAsync<CatalogDto>("/api/admin/challenges", Json.Options),
            catalog => catalog.Problems.Length == 1, "the broken edit to be reported");
        var problem = broken.Problems.Single();
        Assert.Equal(("echo", editedHash), (problem.Id, problem.LiveVersionHash));
        Assert.Contains(problem.Problems, p => p.StartsWith("problem.yaml: invalid YAML", StringComparison.Ordinal));
        Assert.Equal("Echo Chamber", Assert.Single(broken.Challenges).Name);
        Assert.Equal("Echo Chamber", (await client.GetFromJsonAsync<ChallengeDto>("/api/challenges/echo", Json.Options))!.Name);

        File.WriteAllText(Yaml, "name: Echo Again\nlimits:\n  time_limit: 1\n");
        var repaired = await EventuallyAsync(() => admin.GetFromJsonAsync<CatalogDto>("/api/admin/challenges", Json.Options),
            catalog => catalog.Problems.Length == 0 && catalog.Challenges.Single().Name == "Echo Again", "the repaired package");
        Assert.Single(repaired.Challenges);
    }

    [Fact]
    public async Task ANewPackageFolderAppearsAndADeletedOneDisappears()
    {
        var client = factory.CreateClient();
        new PackageBuilder(challenges, "later").Sample("1", "a\n", "a\n").Secret("01", "b\n", "b\n").Build();
        await EventuallyAsync(() => client.GetFromJsonAsync<ChallengeDto[]>("/api/challenges", Json.Options),
            list => list.Select(c => c.Id).SequenceEqual(["echo", "later"]), "the new package");

        Directory.Delete(Path.Combine(challenges, "echo"), recursive: true);
        await EventuallyAsync(() => client.GetFromJsonAsync<ChallengeDto[]>("/api/challenges", Json.Options),
            list => list.Select(c => c.Id).SequenceEqual(["later"]), "the deleted package to go");
    }
}
