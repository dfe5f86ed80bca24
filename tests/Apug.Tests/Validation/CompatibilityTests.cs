using Apug.Server.Challenges;
using Apug.Server.Challenges.Validation;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Validation;

/// <summary>
/// The compatibility fixtures (TestPackages/compat, one per layout feature of real packages) judged in the real Docker
/// sandbox: every example submission gets what its folder says, the report has a row per package, PyPy works.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class CompatibilityTests
{
    private static readonly string Compat = Path.Combine(TestPaths.TestPackages, "compat");
    private static readonly string ImagesPath = $"--Apug:Sandbox:ImagesPath={Path.Combine(TestPaths.RepoRoot, "sandbox-images")}";

    private static async Task<(int ExitCode, string Output)> ValidateAsync(params string[] args)
    {
        var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync([.. args, ImagesPath], output, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task EveryCompatibilityFixtureGetsItsLabelsAndTheReportHasARowPerPackage()
    {
        // Generated test data goes to a temporary folder, not beside the fixtures.
        using var generated = new TemporaryFolder();
        var (exitCode, output) = await ValidateAsync("--report", Compat, $"--Apug:GeneratedDataPath={generated.FullPath}");

        Assert.True(exitCode == 0, output);
        Assert.Contains("✔ partially_accepted/small_only.py: AC, score 40", output);
        Assert.Contains("✔ accepted/sum.py: AC, score 100", output);
        Assert.Contains("✔ accepted/small_only.py: AC", output);                         // legacy accept_if_any_accepted
        Assert.Contains("✔ accepted/off_by_one.py: AC", output);                         // the validator folder, not the stray template
        Assert.Contains("✔ custom C output validator (sandboxed) accepts every .ans on its own input", output);
        Assert.Contains("✔ time_limit_exceeded/greedy_and_slow.py: TLE", output);        // 600 MiB under the 2048 MiB default
        Assert.Contains("✔ run_time_error/out_of_memory.py: MLE", output);               // MLE satisfies run_time_error
        Assert.Contains("✔ accepted/add.py: AC", output);                                // {{FIVE}} in the validator
        Assert.Contains("✔ wrong_answer/word.py: WA", output);                           // ... but not in a submission
        Assert.Contains("ℹ limits: time 1 s (problem.yaml limits.time_limit); memory 2048 MiB (default (Apug:DefaultMemoryMiB))", output);
        Assert.Contains("| interactive | yes (3 warnings) | 1 | — | python3 |", output); // judged now: its C interactor is built
        Assert.Contains("| draft-legacy-grading | yes (", output);
        Assert.Contains("partially_accepted/small_only.py: AC 40 ✔", output);
        foreach (var package in Directory.GetDirectories(Compat).Select(Path.GetFileName))
            Assert.Contains($"| {package} | yes", output);
        Assert.Contains($"report: {Directory.GetDirectories(Compat).Length} of {Directory.GetDirectories(Compat).Length} packages load (1 of them not judged", output);
        Assert.Contains("| no-test-data | yes, not judged (this challenge has no test data yet) | 0 | — | python3 |", output);
        Assert.Contains("| generators | yes (", output);
        Assert.Contains("accepted/sum.py: AC ✔<br>wrong_answer/difference.py: WA ✔", output);         // on generated data
        Assert.Contains("accepted/main_module: AC ✔<br>accepted/named_entry: AC ✔<br>wrong_answer/helpers: WA ✔", output); // multi-file
        Assert.Contains("| orphan-answer | yes (", output);
        Assert.Contains("mixed/small_only.py (@EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER): WA ✔", output);
        Assert.Contains("mixed/wa.bad.py (@EXPECTED_RESULTS@: CORRECT, TIMELIMIT): WA ✔ caught (deliberately wrong label)", output);
        Assert.DoesNotContain(output.Split('\n'), line => line.Contains('✘') && !line.Contains(".bad.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DomjudgeExpectedResultsAndFolderNamesAreWhatValidateChecks()
    {
        var (exitCode, output) = await ValidateAsync(Path.Combine(Compat, "expected-results"));

        Assert.True(exitCode == 1, output); // only the deliberately mislabelled file fails, as it must
        Assert.Contains("✔ mixed/small_only.py (@EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER): WA", output);
        Assert.Contains("✔ mixed/crash_or_spin.py (@EXPECTED_RESULTS@: timelimit,RUN-ERROR): RTE", output);
        Assert.Contains("✔ multiple/silent.py (@EXPECTED_RESULTS@: NO-OUTPUT): WA", output);
        Assert.Contains("✔ check_manually/anything.py: ", output);
        Assert.Contains("✔ run_time_error/exit_code.py: RTE", output);
        Assert.Contains("✔ wrong_answer/minus.py: WA", output);
        Assert.Contains("✔ wrong-answer/times.py: WA", output);
        Assert.Contains("✔ timelimit/spin.py: TLE", output);
        Assert.Contains("⚠ submissions/wrong_answer/minus.py: '@EXPECTED_RESULTS@: TIMELIMIT' does not match its folder wrong_answer/", output);
        Assert.Contains("✘ mixed/wa.bad.py (@EXPECTED_RESULTS@: CORRECT, TIMELIMIT): WA", output);
        Assert.Contains("WA is not permitted by its '@EXPECTED_RESULTS@: CORRECT, TIMELIMIT' (permitted: AC, TLE)", output);
        Assert.Contains("=> expected-results: FAILED (1 check failed)", output);
    }

    [Fact]
    public async Task PyPyJudgesThePackagesOwnSubmissions()
    {
        var (exitCode, output) = await ValidateAsync(Path.Combine(Compat, "draft-legacy-grading"), "--language", "pypy3");

        Assert.True(exitCode == 0, output);
        Assert.Contains("ℹ example submissions run under PyPy 3 7.3.11 (Python 3.9)", output);
        Assert.Contains("✔ accepted/sum.py: AC, score 100", output);
        Assert.Contains("✔ wrong_answer/minus.py: WA, score 0", output);
    }

    [Fact]
    public async Task AnUnknownLanguageIsAUsageErrorNamingTheChoices()
    {
        var (exitCode, output) = await ValidateAsync(Path.Combine(Compat, "sample-only"), "--language", "cobol");
        Assert.Equal(2, exitCode);
        Assert.Contains("--language cobol is not a language of this judge; choose one of python3 (Python 3 (CPython) 3.11), pypy3 (PyPy 3 7.3.11 (Python 3.9))", output);
    }

    [Fact]
    public async Task PyPyRunsInTheSandboxAndASyntaxErrorIsACompileError()
    {
        await using var host = new SandboxHost();
        await host.RequireEngineAsync();
        var languages = new Languages(Microsoft.Extensions.Options.Options.Create(new LanguagesOptions()));
        var sandboxOptions = Microsoft.Extensions.Options.Options.Create(new SandboxOptions());
        var judge = new SourceJudge(host.Sandbox, new OutputChecks(host.Sandbox, sandboxOptions), languages, sandboxOptions);
        var package = CompatibilityFixtureTests.Load("sample-only");
        var pypy = languages.Find("pypy3")!;

        // platform.python_implementation() is only "PyPy" under PyPy: the answer is right only there.
        var accepted = await judge.JudgeAsync(package,
            "import platform\na, b = map(int, input().split())\nprint(a + b if platform.python_implementation() == 'PyPy' else 0)\n",
            CancellationToken.None, language: pypy);
        Assert.Equal(Verdict.AC, accepted.Verdict);
        var onCPython = await judge.JudgeAsync(package,
            "import platform\na, b = map(int, input().split())\nprint(a + b if platform.python_implementation() == 'PyPy' else 0)\n",
            CancellationToken.None);
        Assert.Equal(Verdict.WA, onCPython.Verdict);

        var syntax = await judge.JudgeAsync(package, "print(\n", CancellationToken.None, language: pypy);
        Assert.Equal(Verdict.CE, syntax.Verdict);
    }

    [Fact]
    public void TheMemoryBudgetWarnsWhenWorkersTimesTheLargestLimitExceedTheMachine()
    {
        var packages = new[] { CompatibilityFixtureTests.Load("memory-defaults"), CompatibilityFixtureTests.Load("mle-is-run-time-error") };
        const long gib = 1024L * 1024 * 1024;
        Assert.Null(MemoryBudget.Check(2, packages, 2048, 8 * gib));
        var warning = MemoryBudget.Check(4, packages, 2048, 8 * gib);
        Assert.Equal("4 workers × (2048 MiB memory limit + 144 MiB sandbox) = 8768 MiB, more than this machine's 8192 MiB: " +
                     "lower Apug:Workers (to 3) or Apug:DefaultMemoryMiB (2048 MiB, the limit of packages that set none)", warning);
        Assert.Contains("limits.memory of 'mle-is-run-time-error' (128 MiB)", MemoryBudget.Check(8, [packages[1]], 2048, gib));
    }
}
