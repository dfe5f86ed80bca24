using System.Diagnostics;
using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Validation;

/// <summary>
/// `validate` as an organiser runs it, as its own process from a folder outside the repository: whatever is missing
/// (the sandbox image, the Docker engine, a sane setting), it says what to do in one paragraph, with exit code 2 and
/// no stack trace on stdout or stderr.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ValidateAnywhereTests : IDisposable
{
    private readonly TemporaryFolder elsewhere = new();

    public void Dispose() => elsewhere.Dispose();

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Apug.Server.dll"), "validate", .. args])
        {
            WorkingDirectory = elsewhere.FullPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void NoStackTrace(string text) =>
        Assert.DoesNotMatch(@"(?m)^\s+at [\w.]+[.(]|Unhandled exception|--- End of", text);

    private string Package() => elsewhere.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "sample-only"), "sum");

    [Fact]
    public async Task AMissingImageThatCannotBeBuiltIsOneParagraphAndExitCode2()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Package(), "--Apug:Sandbox:PythonImage=apug-sandbox-not-there:1",
            "--Apug:Sandbox:BuildMissingImages=false");
        Assert.Equal(2, exitCode);
        Assert.Contains("validate: the judge cannot run: The sandbox image 'apug-sandbox-not-there:1' is missing.", stdout);
        Assert.Contains("Nothing was judged.", stdout);
        NoStackTrace(stdout);
        NoStackTrace(stderr);
    }

    [Fact]
    public async Task AnUnreachableEngineIsOneParagraphAndExitCode2()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Package(), $"--Apug:Sandbox:DockerEndpoint=unix://{elsewhere.Combine("no-docker.sock")}");
        Assert.Equal(2, exitCode);
        Assert.Contains("validate: the judge cannot run:", stdout);
        Assert.Contains("no-docker.sock", stdout);
        NoStackTrace(stdout);
        NoStackTrace(stderr);
    }

    [Fact]
    public async Task ABadSettingOrUsageIsAMessageNotAStackTrace()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Package(), "--Apug:DefaultMemoryMiB=0");
        Assert.Equal(2, exitCode);
        Assert.Contains("validate: a setting is wrong:", stdout);
        Assert.Contains("DefaultMemoryMiB", stdout);
        NoStackTrace(stdout);
        NoStackTrace(stderr);

        var usage = await RunAsync("--language");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--language needs a value", usage.Stdout);
    }

    [Fact]
    public async Task FromAFolderOutsideTheRepositoryItFindsTheImagesAndJudges()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Package());
        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Contains("✔ accepted/sum.py: AC", stdout);
        NoStackTrace(stderr);
    }
}
