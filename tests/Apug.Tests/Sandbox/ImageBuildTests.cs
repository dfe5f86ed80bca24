using System.Net.Http.Json;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Apug.Tests.Sandbox;

[Collection(DockerCollection.Name)]
public sealed class ImageBuildTests : IDisposable
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;

    public ImageBuildTests() => new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "2 2\n", "4\n").Build();

    public void Dispose() => Directory.Delete(challenges, recursive: true);

    /// <summary>.ci/run and the build scripts ask build-offline.sh for the tags: they must be the server's defaults, or CI
    /// builds images the server never uses (it once built :2 for a server that wanted :3).</summary>
    [Theory]
    [InlineData("python")]
    [InlineData("validator")]
    public async Task TheBuildScriptsDefaultTagIsTheImageTheServerUsesByDefault(string kind)
    {
        using var script = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash",
            [Path.Combine(TestPaths.RepoRoot, "sandbox-images", "build-offline.sh"), "--tag", kind]) { RedirectStandardOutput = true })!;
        var tag = (await script.StandardOutput.ReadToEndAsync()).Trim();
        await script.WaitForExitAsync();
        var defaults = new SandboxOptions();
        Assert.Equal(kind == "python" ? defaults.PythonImage : defaults.ValidatorImage, tag);
    }

    [Fact]
    public async Task AMissingImageThatMayNotBeBuiltIsAJudgeErrorThatSaysHowToBuildIt()
    {
        using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>(AdminClient.Settings)
        {
            ["Apug:Sandbox:PythonImage"] = "apug-sandbox-python:does-not-exist",
            ["Apug:Sandbox:BuildMissingImages"] = "false",
        });
        var team = await factory.CreateTeamClientAsync();
        var result = await factory.SubmitAndWaitAsync(team, "sum", "print(3)");
        Assert.Equal(Verdict.JE, result.Verdict);
        Assert.Equal(FeedbackOptions.JudgeErrorForTeams, result.Message); // the fix is the organisers' to read
        var message = await OrganisersMessageAsync(factory, result.Id);
        Assert.Contains("build-offline.sh", message);
        Assert.Contains("apug-sandbox-python:does-not-exist", message);
        factory.DeleteData();
    }

    [Fact]
    public async Task AnImageFromAnotherRunnerThatMayNotBeRebuiltIsAJudgeErrorThatSaysSo()
    {
        const string tag = "apug-sandbox-python:stale-test";
        await using var host = new SandboxHost();
        await host.RequireEngineAsync();
        // An empty image labelled as built from some other runner.py.
        using (var import = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash",
                   ["-c", $"tar -cf - --files-from /dev/null | docker import -c 'LABEL {SandboxImages.RunnerLabel}=0123456789abcdef' - {tag}"]))!)
        {
            await import.WaitForExitAsync();
            Assert.Equal(0, import.ExitCode);
        }
        using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>(AdminClient.Settings)
        {
            ["Apug:Sandbox:PythonImage"] = tag,
            ["Apug:Sandbox:BuildMissingImages"] = "false",
        });
        try
        {
            var team = await factory.CreateTeamClientAsync();
            var result = await factory.SubmitAndWaitAsync(team, "sum", "print(3)");
            Assert.Equal(Verdict.JE, result.Verdict);
            var message = await OrganisersMessageAsync(factory, result.Id);
            Assert.Contains("was built from another runner.py (0123456789abcdef", message);
            Assert.Contains("build-offline.sh", message);
        }
        finally
        {
            await RemoveAsync(host, tag);
            factory.DeleteData();
        }
    }

    [Fact]
    public async Task AMissingImageIsBuiltOfflineOnFirstUse()
    {
        const string tag = "apug-sandbox-python:first-use-test";
        await using var host = new SandboxHost();
        await host.RequireEngineAsync();
        await RemoveAsync(host, tag);

        using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?> { ["Apug:Sandbox:PythonImage"] = tag });
        try
        {
            var team = await factory.CreateTeamClientAsync();
            var result = await factory.SubmitAndWaitAsync(team, "sum", "print(sum(map(int, input().split())))", TimeSpan.FromMinutes(8));
            Assert.Equal(Verdict.AC, result.Verdict);
            var image = await host.Docker.Images.InspectImageAsync(tag);
            Assert.Equal(16, image.Config?.Labels?[SandboxImages.RunnerLabel].Length);
        }
        finally
        {
            await RemoveAsync(host, tag);
            factory.DeleteData();
        }
    }

    private static async Task<string?> OrganisersMessageAsync(ApugFactory factory, Guid id)
    {
        using var admin = factory.CreateAdminClient();
        return (await admin.GetFromJsonAsync<AdminSubmissionDetailDto>($"/api/admin/submissions/{id}", Json.Options))!.Message;
    }

    private static async Task RemoveAsync(SandboxHost host, string tag)
    {
        try
        {
            await host.Docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        }
        catch (Docker.DotNet.DockerImageNotFoundException)
        {
        }
    }
}
