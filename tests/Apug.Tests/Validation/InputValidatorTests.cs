using Apug.Server.Challenges.Validation;
using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Validation;

/// <summary>
/// `validate` runs C and C++ input validators (built in the real validator sandbox, as C++ output validators are) on
/// every test input, with the arguments the test data gives them; those it cannot run are named in a warning.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class InputValidatorTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(TestPaths.TestPackages, "compat", "cpp-input-validator");
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string path)
    {
        var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync(
            [path, $"--Apug:Sandbox:ImagesPath={Path.Combine(TestPaths.RepoRoot, "sandbox-images")}"], output, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task CAndCppInputValidatorsAreBuiltAndAcceptEveryInput()
    {
        var (exitCode, output) = await ValidateAsync(Fixture);

        Assert.True(exitCode == 0, output);
        Assert.Contains("✔ input validator input_validators/format (C++, sandboxed) accepts all 3 inputs", output);
        Assert.Contains("✔ input validator input_validators/two_numbers.c (C, sandboxed) accepts all 3 inputs", output);
        Assert.Contains("⚠ input validator input_validators/format.ctd not run: it is checktestdata (.ctd); this judge runs Python, C and C++ input validators", output);
    }

    [Fact]
    public async Task AnInputOutsideTheBoundsItsTestGroupPassesIsRejected()
    {
        // 222 is within the validator's own default bound (1000), so only the --max 100 of secret/test_group.yaml rejects it.
        var package = folder.CopyFolder(Fixture, "too-big");
        File.WriteAllText(Path.Combine(package, "data/secret/3.in"), "20 222\n");
        File.WriteAllText(Path.Combine(package, "data/secret/3.ans"), "242\n");

        var (exitCode, output) = await ValidateAsync(package);

        Assert.True(exitCode == 1, output);
        Assert.Contains("✘ input validator input_validators/format does not accept secret/3 (rejected: 222 is outside [-100, 100])", output);
        Assert.Contains("✔ input validator input_validators/two_numbers.c (C, sandboxed) accepts all 4 inputs", output);
    }

    [Fact]
    public async Task ALegacyValidatorThatDoesNotCompileIsTheOrganisersFailure()
    {
        folder.Write("broken/problem.yaml", "name: Broken Validator\n")
            .Write("broken/data/secret/1.in", "1\n").Write("broken/data/secret/1.ans", "1\n")
            .Write("broken/input_format_validators/check.cpp", "#include <cstdio>\nint main() { return 42 }\n");

        var (exitCode, output) = await ValidateAsync(folder.Combine("broken"));

        Assert.True(exitCode == 1, output);
        Assert.Contains("✘ input validator input_format_validators/check.cpp does not compile (C++): /box/prog/check.cpp: In function", output);
        Assert.Contains("error: expected", output);
    }
}
