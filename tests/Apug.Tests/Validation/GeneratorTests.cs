using System.Net;
using System.Net.Http.Json;
using Apug.Server.Challenges;
using Apug.Server.Challenges.Validation;
using Apug.Server.Judging;
using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Validation;

/// <summary>
/// A BAPCtools package without data/ (TestPackages/compat/generators) gets its test data from generators.yaml, made in
/// the real sandbox by `validate` and by the server at load, cached by content so a second run or a restart does not
/// generate again; a package with no test data at all is listed and its submissions are refused with a 422.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class GeneratorTests : IDisposable
{
    private readonly TemporaryFolder challenges = new();
    private readonly string package;

    public GeneratorTests()
    {
        package = challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "generators"), "generated-sums");
        challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "no-test-data"), "not-ready");
    }

    public void Dispose() => challenges.Dispose();

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string path)
    {
        var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync(
            [path, $"--Apug:Sandbox:ImagesPath={Path.Combine(TestPaths.RepoRoot, "sandbox-images")}"], output, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    private string Generated(string relative) =>
        File.ReadAllText(Path.Combine(Directory.GetDirectories(challenges.Combine(".generated")).Single(), "data", relative));

    [Fact]
    public async Task ValidateGeneratesTheDataInTheSandboxJudgesWithItAndCachesIt()
    {
        var (exitCode, output) = await ValidateAsync(package);

        Assert.True(exitCode == 0, output);
        Assert.Contains("ℹ generating data/secret/exact/7-native (7/11)", output);
        Assert.Contains("✔ data/ generated from generators/generators.yaml in the sandbox: 10 test cases in", output);
        Assert.Contains("⚠ generators/generators.yaml: data/secret/exact/8-broken: generator `crash.py` failed (", output);
        Assert.Contains("crash.py: this generator always fails); test case skipped", output);
        Assert.Contains("✔ every .in has an .ans (10 tests)", output);
        Assert.Contains("✔ accepted/sum.py: AC", output);          // AC on secret/tolerant/half only with that group's float_tolerance
        Assert.Contains("✔ wrong_answer/difference.py: WA", output);
        Assert.False(Directory.Exists(Path.Combine(package, "data")), "the package itself is not written to");
        Assert.Equal("873 612\n", Generated("secret/exact/3-random-1.in"));   // Python's random.Random(BAPCtools' seed)
        Assert.Equal("1485\n", Generated("secret/exact/3-random-1.ans"));     // from the solution, in the sandbox
        Assert.Equal("7 8\n", Generated("secret/exact/7-native.in"));         // C++, built in the validator sandbox
        Assert.Equal("5 25\n", Generated("secret/exact/9-lib.in"));           // a generators: program importing its helper
        Assert.Equal("6\n", Generated("sample/2.ans"));
        Assert.Equal("123456789 987654321\n", Generated("secret/tolerant/6-copied.in")); // copy:, then include:

        var (again, cachedOutput) = await ValidateAsync(package);
        Assert.True(again == 0, cachedOutput);
        Assert.Contains("✔ data/ generated from generators/generators.yaml earlier: 10 test cases (cached in", cachedOutput);
        Assert.DoesNotContain("ℹ generating", cachedOutput);

        // Any edit is a new version: generated again.
        File.AppendAllText(Path.Combine(package, "generators", "generators.yaml"), "\n# edited\n");
        var (_, editedOutput) = await ValidateAsync(package);
        Assert.Contains("ℹ generating data/sample/1 (1/11)", editedOutput);
    }

    [Fact]
    public async Task TheServerGeneratesAtLoadJudgesAndAfterARestartUsesTheCache()
    {
        var data = Path.Combine(challenges.FullPath, "..", $"data-{Guid.NewGuid():N}");
        using (var factory = new ApugFactory(challenges.FullPath, data))
        {
            var catalog = factory.Services.GetRequiredService<ChallengeCatalog>();
            var team = await factory.CreateTeamClientAsync();
            // Until its data is generated (in the background: it may be done already on a quick machine) it is refused.
            if (catalog.Find("generated-sums") is { Tests.Count: 0 } pending) Assert.Equal(PackageLoader.NoTestData, pending.NotJudgedReason);

            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (catalog.Find("generated-sums")!.Tests.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.Equal(10, catalog.Find("generated-sums")!.Tests.Count);
            Assert.Null(catalog.Find("generated-sums")!.NotJudgedReason);

            var judged = await factory.SubmitAndWaitAsync(team, "generated-sums", "a, b = map(int, input().split())\nprint(a + b)\n");
            Assert.Equal(Verdict.AC, judged.Verdict);

            var refused = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "not-ready", source = "print('hello')" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("\"title\":\"No test data\"", body);
            Assert.Contains("'not-ready' cannot be judged yet: this challenge has no test data yet.", body);
            var statement = await team.GetStringAsync("/api/challenges/not-ready");
            Assert.Contains("The organisers have not written the test data yet", statement);
        }

        // A restart: the catalog's first load already has the generated tests, nothing runs again.
        using var restarted = new ApugFactory(challenges.FullPath, data);
        Assert.Equal(10, restarted.Services.GetRequiredService<ChallengeCatalog>().Find("generated-sums")!.Tests.Count);
        restarted.DeleteData();
    }
}
