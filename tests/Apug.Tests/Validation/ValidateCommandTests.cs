using Apug.Server.Challenges.Validation;
using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Validation;

/// <summary>The `validate` command end to end: real packages, every example submission judged in the real Docker sandbox.</summary>
[Collection(DockerCollection.Name)]
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static async Task<(int ExitCode, string Output)> ValidateAsync(params string[] paths)
    {
        var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync(
            [.. paths, $"--Apug:Sandbox:ImagesPath={Path.Combine(TestPaths.RepoRoot, "sandbox-images")}"], output, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task EveryBundledChallengePassesValidation()
    {
        var (exitCode, output) = await ValidateAsync(TestPaths.BundledChallenges);
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("✘", output);
        foreach (var id in Directory.GetDirectories(TestPaths.BundledChallenges).Select(Path.GetFileName))
            Assert.Contains($"=> {id}: passed", output);
        Assert.Contains("all passed", output);
        Assert.Contains("✔ accepted/greet.py: AC, max CPU", output);
        Assert.Contains("✔ time_limit_exceeded/leibniz_pi.py: TLE", output);
    }

    [Fact]
    public async Task GoodFixturePackagesPassIncludingSandboxedCustomValidators()
    {
        var (exitCode, output) = await ValidateAsync(
            Path.Combine(TestPaths.TestPackages, "python-validator"),
            Path.Combine(TestPaths.TestPackages, "cpp-validator"),
            Path.Combine(TestPaths.TestPackages, "legacy-layout"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("✔ custom Python output validator (sandboxed) accepts every .ans on its own input", output);
        Assert.Contains("✔ custom Cpp output validator (sandboxed) accepts every .ans on its own input", output);
        Assert.Contains("✔ time limit 3 s (.timelimit)", output);
        Assert.Contains("validate: 3 packages checked, all passed", output);
    }

    [Fact]
    public async Task AWrongAnswerSubmissionThatIsAcceptedFailsValidation()
    {
        var package = folder.CopyFolder(Path.Combine(TestPaths.BundledChallenges, "hello-pug"), "hello-pug");
        File.Copy(Path.Combine(package, "submissions", "accepted", "greet.py"), Path.Combine(package, "submissions", "wrong_answer", "actually_right.py"));

        var (exitCode, output) = await ValidateAsync(package);

        Assert.Equal(1, exitCode);
        Assert.Contains("✘ wrong_answer/actually_right.py: AC, max CPU", output);
        Assert.Contains("must get WA on some test", output);
        Assert.Contains("✔ wrong_answer/forgot_comma.py: WA", output);
        Assert.Contains("=> hello-pug: FAILED (1 check failed)", output);
        Assert.Contains("validate: 1 package checked, 1 failed: hello-pug", output);
    }

    [Fact]
    public async Task AnAcceptedSubmissionThatCrashesOrATleSubmissionThatIsFastFails()
    {
        var package = folder.CopyFolder(Path.Combine(TestPaths.BundledChallenges, "hello-pug"), "hello-pug");
        File.WriteAllText(Path.Combine(package, "submissions", "accepted", "crashes.py"), "print(1 / 0)\n");
        File.WriteAllText(Path.Combine(package, "submissions", "time_limit_exceeded", "quick.py"), "print(f'Hello, {input()}!')\n");

        var (exitCode, output) = await ValidateAsync(package);

        Assert.Equal(1, exitCode);
        Assert.Contains("✘ accepted/crashes.py: RTE", output);
        Assert.Contains("RTE is not permitted in accepted/ (permitted: AC)", output);
        Assert.Contains("✘ time_limit_exceeded/quick.py: AC", output);
        Assert.Contains("must get TLE on some test", output);
        Assert.Contains("2 checks failed", output);
    }

    [Fact]
    public async Task BrokenPackagesNameEachFailure()
    {
        var (exitCode, output) = await ValidateAsync(Path.Combine(TestPaths.TestPackages, "broken"));
        Assert.Equal(1, exitCode);
        Assert.Contains("✘ does not load: problem.yaml: invalid YAML at line", output);
        Assert.Contains("validator language not supported: output_validator/Validator.java", output);
        Assert.Contains("validators and example submissions not run: the package must load first", output);
        Assert.Contains("2 failed: bad-yaml, unsupported-validator", output);
    }

    [Fact]
    public async Task ValidatorsThatRejectThePackagesOwnDataAreNamedWithTheTest()
    {
        folder.WriteMinimalPackage("checked")
            .Write("checked/data/secret/2.in", "-3\n").Write("checked/data/secret/2.ans", "-3\n")
            .Write("checked/data/secret/3.in", "4\n").Write("checked/data/secret/3.ans", "four\n")
            .Write("checked/input_validators/positive.py", "import sys\nsys.exit(42 if int(sys.stdin.read()) > 0 else 43)\n")
            .Write("checked/output_validator/validator.py",
                "import sys\nteam = sys.stdin.read().split()\nexpected = open(sys.argv[2]).read().split()\n" +
                "ok = team == expected and all(t.lstrip('-').isdigit() for t in team)\nsys.exit(42 if ok else 43)\n")
            .Write("checked/submissions/accepted/echo.py", "print(input())\n");
        File.Delete(folder.Combine("checked/data/sample/1.ans"));

        var (exitCode, output) = await ValidateAsync(folder.Combine("checked"));

        Assert.Equal(1, exitCode);
        // A half test case is skipped with a warning; the rest of the package is still checked.
        Assert.Contains("⚠ missing answer files: no .ans for data/sample/1.in: those test cases are skipped", output);
        Assert.Contains("⚠ data/sample/1.in: has no answer file 1.ans: this test case is skipped", output);
        Assert.Contains("✘ input validator input_validators/positive.py does not accept secret/2 (rejected)", output);

        File.WriteAllText(folder.Combine("checked/data/sample/1.ans"), "1\n");
        (exitCode, output) = await ValidateAsync(folder.Combine("checked"));

        Assert.Equal(1, exitCode);
        Assert.Contains("✘ input validator input_validators/positive.py does not accept secret/2 (rejected)", output);
        Assert.Contains("✘ custom Python output validator (sandboxed) rejects the answer file of secret/3 (WA", output);
        // The accepted submission echoes "four" on secret/3, which the validator rejects: the example is caught too.
        Assert.Contains("✘ accepted/echo.py: WA", output);
    }

    [Fact]
    public async Task WithoutATimeLimitItIsInferredFromTheAcceptedSubmissionsAndChecked()
    {
        folder.WriteMinimalPackage("timed")
            .Write("timed/problem.yaml", "problem_format_version: 2025-09\nname: Timed\nlimits:\n  time_resolution: 0.5\n")
            .Write("timed/submissions/accepted/echo.py", "print(input())\n")
            .Write("timed/submissions/time_limit_exceeded/spin.py", "n = int(input())\nwhile True:\n    n += 1\n");

        var (exitCode, output) = await ValidateAsync(folder.Combine("timed"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("ℹ time limit not set in problem.yaml: inferred 0.5 s", output);
        Assert.Contains("✔ time_limit_exceeded/spin.py: TLE", output);
        Assert.Contains("(judged with 0.75 s = limit × 1.5)", output);
    }

    [Fact]
    public async Task AFolderWithoutPackagesOrAMissingPathFails()
    {
        Assert.Equal(1, (await ValidateAsync(folder.FullPath)).ExitCode);
        var (exitCode, output) = await ValidateAsync(folder.Combine("nope"));
        Assert.Equal(2, exitCode);
        Assert.Contains("no such folder", output);
    }
}
