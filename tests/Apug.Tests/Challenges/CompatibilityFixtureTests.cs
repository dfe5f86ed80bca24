using Apug.Server.Challenges;
using Apug.Server.Judging;

namespace Apug.Tests.Challenges;

/// <summary>
/// The layouts real packages use (TestPackages/compat, one package per feature) load, with the warnings an
/// organiser needs; CompatibilityTests judges their submissions in the real sandbox.
/// </summary>
public class CompatibilityFixtureTests
{
    internal static ChallengePackage Load(string name) => PackageLoaderTests.LoadFixture(Path.Combine("compat", name));

    private static void HasWarning(ChallengePackage package, string file, string reasonPart) =>
        Assert.True(package.Warnings.Any(w => w.File == file && w.Reason.Contains(reasonPart, StringComparison.Ordinal)),
            $"no warning '{reasonPart}' on {file}; warnings: {string.Join("; ", package.Warnings)}");

    [Theory]
    [InlineData(null, PackageFormat.Legacy)]
    [InlineData("legacy", PackageFormat.Legacy)]
    [InlineData("legacy-icpc", PackageFormat.Legacy)]
    [InlineData("2023-07-draft", PackageFormat.Draft2023)]
    [InlineData("2023-07", PackageFormat.Draft2023)]
    [InlineData("draft", PackageFormat.Version2025)]
    [InlineData("2025-09", PackageFormat.Version2025)]
    public void EveryVersionSeenInTheWildMapsToItsRules(string? version, PackageFormat expected)
    {
        Assert.Equal(expected, PackageFormats.Parse(version, out var warning));
        Assert.Null(warning);
    }

    [Theory]
    [InlineData("2031-01", PackageFormat.Version2025)]
    [InlineData("2024-02-draft", PackageFormat.Draft2023)]
    [InlineData("legacy-2", PackageFormat.Legacy)]
    [InlineData("banana", PackageFormat.Legacy)]
    public void AnUnknownVersionGetsTheNearestRulesAndAWarning(string version, PackageFormat expected)
    {
        Assert.Equal(expected, PackageFormats.Parse(version, out var warning));
        Assert.Contains($"'{version}'", warning);
    }

    [Fact]
    public void UnknownVersionPackageLoadsWithItsWarning() =>
        HasWarning(Load("unknown-version"), "problem.yaml", "read by the 2025-09 rules");

    [Fact]
    public void PdfAtThePackageRootIsTheStatementToDownload()
    {
        var package = Load("pdf-only");
        Assert.Equal(StatementFormat.None, package.Statement.Format);
        Assert.Equal(Path.Combine(package.Directory, "problem.pdf"), package.Statement.PdfPath);
        Assert.Equal(TimeLimitSource.TimelimitFile, package.Limits.TimeLimitSource);
        HasWarning(package, "problem.pdf", "only a PDF");
    }

    [Fact]
    public void WithoutSecretDataTheSamplesAreTheTests()
    {
        var package = Load("sample-only");
        Assert.Equal(["sample/1", "sample/2"], package.Tests.Select(t => t.Name));
        HasWarning(package, "data/secret", "the samples are the tests");
        HasWarning(package, "statement", "no problem statement");
    }

    [Fact]
    public void DraftPackageWithLegacyTestdataYamlIsGradedByTheLegacyRules()
    {
        var package = Load("draft-legacy-grading");
        Assert.Equal(PackageFormat.Draft2023, package.Format);
        Assert.Equal("Draft With Legacy Grading", package.Name);
        var root = package.RootGroup.Scoring.Legacy!;
        Assert.True(root.IgnoreSample);
        var secret = package.RootGroup.FindGroup("secret")!.Scoring.Legacy!;
        Assert.Equal((true, true, false), (secret.FirstError, secret.AcceptIfAnyAccepted, secret.BreakOnReject));
        var small = package.RootGroup.FindGroup("secret/small")!.Scoring.Legacy!;
        Assert.Equal((LegacyScoreMode.Min, 40.0, 0.0, 40.0, true), (small.ScoreMode, small.AcceptScore, small.RangeMin, small.RangeMax, small.BreakOnReject));
        HasWarning(package, "data/sample/testdata.yaml", "graded by the legacy rules");
    }

    [Fact]
    public void ModernScoringKeysKeepTheModernRules() =>
        Assert.Null(PackageLoaderTests.LoadFixture("scoring-groups").RootGroup.Scoring.Legacy);

    [Fact]
    public void StrayFilesBesideTheValidatorFolderAreIgnoredWithAWarning()
    {
        var package = Load("stray-validator-files");
        var validation = Assert.IsType<CustomOutputValidation>(package.Validation);
        Assert.Equal((ValidatorLanguage.Python, Path.Combine(package.Directory, "output_validators", "near")), (validation.Language, validation.Directory));
        Assert.Equal(["near.py"], validation.SourceFiles.Select(Path.GetFileName));
        HasWarning(package, "output_validators", "output_validators/README.md, output_validators/template.cpp");
    }

    [Fact]
    public void SeveralValidatorProgramFoldersAreStillRefused()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "name: X\nvalidation: custom\n")
            .Write("output_validators/a/a.py", "").Write("output_validators/b/b.py", "");
        var result = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard);
        Assert.Contains(result.Errors, p => p.File == "output_validators" && p.Reason.StartsWith("has 2 validator programs (a, b)", StringComparison.Ordinal));
    }

    [Fact]
    public void SingleFileCValidatorIsFound()
    {
        var validation = Assert.IsType<CustomOutputValidation>(Load("c-validator").Validation);
        Assert.Equal(ValidatorLanguage.C, validation.Language);
        Assert.Equal(["check.c"], validation.SourceFiles.Select(Path.GetFileName));
    }

    [Fact]
    public void ProblemtoolsValidatorFolderInsideOutputValidatorIsUsed()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("output_validator/guess_validator/validate.cc", "int main() { return 42; }\n")
            .Write("output_validator/guess_validator/validate.h", "");
        var validation = Assert.IsType<CustomOutputValidation>(PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Validation);
        Assert.Equal((ValidatorLanguage.Cpp, folder.Combine("output_validator/guess_validator")), (validation.Language, validation.Directory));
    }

    [Fact]
    public void AnEmptyOutputValidatorFolderMeansTheDefaultValidator()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("output_validator/.gitkeep", "");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.IsType<DefaultOutputValidation>(package.Validation);
        HasWarning(package, "output_validator", "is empty and ignored");
    }

    [Fact]
    public void AnInteractivePackageWithACInteractorIsJudged()
    {
        var package = Load("interactive");
        Assert.Null(package.NotJudgedReason);
        Assert.True(package.Interactive);
        Assert.Equal(ValidatorLanguage.C, Assert.IsType<CustomOutputValidation>(package.Validation).Language);
    }

    [Fact]
    public void MemoryAndOutputLimitsDefaultTo2048And8MiBAndSayWhereTheyCameFrom()
    {
        var limits = Load("memory-defaults").Limits;
        Assert.Equal((2048, LimitSource.Default, 8, LimitSource.Default), (limits.MemoryMiB, limits.MemorySource, limits.OutputMiB, limits.OutputSource));
        Assert.Equal(
            ["time 1 s (problem.yaml limits.time_limit)", "memory 2048 MiB (default (Apug:DefaultMemoryMiB))",
             "output 8 MiB (default (Apug:DefaultOutputMiB))", "code server limit (default (Apug:MaxSourceKiB))"],
            LimitSources.Describe(limits).Select(l => $"{l.Name} {l.Value} ({l.Source})"));
        var own = Load("mle-is-run-time-error").Limits;
        Assert.Equal((128, LimitSource.ProblemYaml), (own.MemoryMiB, own.MemorySource));
    }

    [Fact]
    public void MemoryLimitExceededIsPermittedWhereARunTimeErrorIs()
    {
        var submission = Load("mle-is-run-time-error").ExampleSubmissions.Single(s => s.Folder == "run_time_error");
        Assert.Contains(Verdict.MLE, submission.PermittedVerdicts);
        var tle = Load("memory-defaults").ExampleSubmissions.Single(s => s.Folder == "time_limit_exceeded");
        Assert.DoesNotContain(Verdict.MLE, tle.PermittedVerdicts);
    }

    [Fact]
    public void ConstantsWithPerFormatSpellingsUseTheirValue()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage()
            .Write("problem.yaml", "problem_format_version: 2025-09\nname: X\nconstants:\n  FIVE:\n    value: 5\n    ROMAN: V\n  SIX: 6\n")
            .Write("statement/problem.en.md", "{{FIVE}} and {{SIX}}\n");
        Assert.Contains("5 and 6", PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Statement.Html);
    }

    [Fact]
    public void ConstantsAndTheirVariantsAreReplacedInTheStatementAndForValidatorsAndSubmissions()
    {
        var package = Load("constants");
        Assert.Contains("(five more than", package.Statement.Html);
        Assert.Contains("\\(n \\le 10\\)", package.Statement.Html);
        Assert.Equal("print(\"five\") + 5 {{UNKNOWN}}", package.SubstituteConstants("print(\"{{FIVE.WORD}}\") + {{FIVE.value}} {{UNKNOWN}}"));
    }

    [Fact]
    public void DanglingSymbolicLinksAreLeftOut()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("input_validators/v/v.cpp", "int main() { return 42; }\n");
        File.CreateSymbolicLink(folder.Combine("input_validators/v/validation.h"), "../../../../missing/validation.h");
        Assert.True(PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).IsLoaded);
    }

    [Fact]
    public void WhenTheBapctoolsPackageHasDataItsGeneratorsAreNotRunAndTheDataIsUsed()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("generators/generators.yaml", "solution: /submissions/accepted/a.py\ndata:\n  secret:\n    data:\n      - 'gen.py {seed}'\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(["sample/1", "secret/1"], package.Tests.Select(t => t.Name));
        HasWarning(package, "generators/generators.yaml", "not run: the package has data/secret, so the judge uses the 2 test cases in data/");
    }

    [Fact]
    public void WithoutDataAndNotYetGeneratedTheBapctoolsPackageIsListedButNotJudged()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("generators/generators.yaml", "solution: /submissions/accepted/a.py\n");
        Directory.Delete(folder.Combine("data"), true);
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard with { GeneratedDataPath = folder.Combine(".generated") }).Package!;
        Assert.Equal(PackageLoader.NoTestData, package.NotJudgedReason);
        HasWarning(package, "data", "no test data yet: data/secret is generated from generators/generators.yaml (BAPCtools), and has not been generated yet");
    }

    [Fact]
    public void ABapctoolsPackageThatCommitsOnlyItsSamplesWaitsForItsGeneratedSecretData()
    {
        // BAPCtools' .gitignore keeps data/sample and leaves the rest of data/ to `bt generate`.
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("generators/generators.yaml", "data:\n  secret:\n    data:\n      one: {in: '2', ans: '2'}\n");
        Directory.Delete(folder.Combine("data/secret"), true);
        Assert.True(Apug.Server.Challenges.Generators.TestDataGenerator.IsNeeded(folder.FullPath));
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard with { GeneratedDataPath = folder.Combine(".generated") }).Package!;
        Assert.Empty(package.Tests);                                  // not judged on the samples meanwhile
        Assert.Equal(PackageLoader.NoTestData, package.NotJudgedReason);
        folder.Write("data/secret/1.in", "2\n").Write("data/secret/1.ans", "2\n");
        Assert.False(Apug.Server.Challenges.Generators.TestDataGenerator.IsNeeded(folder.FullPath));
    }

    [Fact]
    public void APackageWithNoTestDataIsListedWithItsStatementButNotJudged()
    {
        var package = Load("no-test-data");
        Assert.Empty(package.Tests);
        Assert.Equal(PackageLoader.NoTestData, package.NotJudgedReason);
        Assert.Contains("The organisers have not written the test data yet", package.Statement.Html);
        HasWarning(package, "data", "no test data: the data/ folder is missing; the challenge is listed, but submissions are refused");
    }

    [Fact]
    public void AnOrphanAnswerOrInputIsSkippedWithAWarningNamingItAndTheRestLoads()
    {
        var package = Load("orphan-answer");
        Assert.Equal(["sample/1", "secret/1"], package.Tests.Select(t => t.Name));
        Assert.Null(package.NotJudgedReason);
        HasWarning(package, "data/secret/2.ans", "has no input file 2.in: this test case is skipped");
        HasWarning(package, "data/secret/3.in", "has no answer file 3.ans: this test case is skipped");
    }

    [Fact]
    public void AFolderOfPythonFilesIsOneSubmissionWithTheEntryPointTheToolsChoose()
    {
        var package = Load("multi-file");
        var byName = package.ExampleSubmissions.ToDictionary(s => $"{s.Folder}/{Path.GetFileName(s.Path)}");
        Assert.Equal(["accepted/main_module", "accepted/named_entry", "wrong_answer/helpers"], byName.Keys.Order());
        Assert.Equal("main.py", Path.GetFileName(byName["accepted/main_module"].Entry));
        Assert.Equal(["adder.py", "main.py"], byName["accepted/main_module"].Files.Select(Path.GetFileName)); // not notes.txt
        Assert.Equal("solve.py", Path.GetFileName(byName["accepted/named_entry"].Entry));                     // submissions.yaml entrypoint
        Assert.Equal("a_solution.py", Path.GetFileName(byName["wrong_answer/helpers"].Entry));                // first by name
        Assert.Equal([Verdict.AC], byName["accepted/named_entry"].PermittedVerdicts);
    }

    [Fact]
    public void AGroupWithItsOwnOutputValidatorArgumentsGetsItsOwnDefaultValidatorFlags()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "problem_format_version: 2025-09\nname: Tolerant\n")
            .Write("data/secret/exact/1.in", "1\n").Write("data/secret/exact/1.ans", "1\n")
            .Write("data/secret/loose/2.in", "2\n").Write("data/secret/loose/2.ans", "2.4\n")
            .Write("data/secret/loose/test_group.yaml", "output_validator_args: [float_tolerance, '0.5']\n");
        File.Delete(folder.Combine("data/secret/1.in"));
        File.Delete(folder.Combine("data/secret/1.ans"));
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        var flags = Assert.IsType<DefaultOutputValidation>(package.Validation);
        var loose = package.Tests.Single(t => t.Name == "secret/loose/2");
        Assert.Null(flags.For(package.Tests.Single(t => t.Name == "secret/exact/1")).FloatAbsoluteTolerance);
        Assert.Equal(0.5, flags.For(loose).FloatAbsoluteTolerance);
        Assert.True(DefaultOutputValidator.Validate("2\n", "2.4\n", flags.For(loose)).Accepted);
        Assert.False(DefaultOutputValidator.Validate("2\n", "2.4\n", flags).Accepted);
    }

    [Fact]
    public void DomjudgeExpectedResultsSetWhatASubmissionOutsideTheFormatsFoldersMustGet()
    {
        var package = Load("expected-results");
        var byName = package.ExampleSubmissions.ToDictionary(s => $"{s.Folder}/{Path.GetFileName(s.Path)}");
        // "permitted on each test | at least one of | the tag that set them"
        string Of(string name) =>
            $"{string.Join(" ", byName[name].PermittedVerdicts)} | {string.Join(" ", byName[name].RequiredVerdicts)} | {byName[name].ExpectedResults}";

        // The tag: each test accepted or one of the listed results; one must be non-AC unless CORRECT is listed.
        Assert.Equal("AC WA |  | CORRECT, WRONG-ANSWER", Of("mixed/small_only.py"));
        Assert.Equal("AC TLE MLE RTE OLE | TLE MLE RTE OLE | timelimit,RUN-ERROR", Of("mixed/crash_or_spin.py"));
        Assert.Equal("AC WA | WA | NO-OUTPUT", Of("multiple/silent.py"));
        Assert.Equal("AC WA TLE MLE RTE OLE |  | ", Of("check_manually/anything.py")); // DOMjudge's folder: a person looks
        // The format's own folders decide (DOMjudge ignores the tag there), and so do DOMjudge's result-named folders.
        Assert.Equal("AC |  | ", Of("accepted/add.py"));
        Assert.Equal("AC WA TLE MLE RTE OLE | MLE RTE OLE | ", Of("run_time_error/exit_code.py")); // legacy: any verdict per test
        Assert.Equal("AC WA | WA | ", Of("wrong_answer/minus.py"));
        Assert.Equal("AC WA | WA | ", Of("wrong-answer/times.py"));
        Assert.Equal("AC TLE | TLE | ", Of("timelimit/spin.py"));
        HasWarning(package, "submissions/wrong_answer/minus.py", "'@EXPECTED_RESULTS@: TIMELIMIT' does not match its folder wrong_answer/");
        Assert.DoesNotContain(package.Warnings, w => w.File == "submissions/run_time_error/exit_code.py");
    }

    [Theory]
    [InlineData("x = 1  # @EXPECTED_RESULTS@: RUN-ERROR,  memory-limit , OUTPUT-LIMIT\n", "RTE MLE OLE", "", false)]
    [InlineData("'''\n@EXPECTED_SCORE@: CORRECT\n'''\n", "AC", "", false)]             // DOMjudge reads result names there too
    [InlineData("# @EXPECTED_SCORE@: 25\n", null, "", false)]                           // a number is a score, not a result
    [InlineData("# @EXPECTED_RESULTS@: CORRECT, SEGFAULT\n", "AC", "SEGFAULT", false)]
    [InlineData("# @EXPECTED_RESULTS@: CORRECT\n# @EXPECTED_RESULTS@: TIMELIMIT\n", "AC", "", true)]
    [InlineData("# @expected_results@: TIME-LIMIT,NO-OUTPUT", "TLE WA", "", false)]
    [InlineData("# EXPECTED_RESULTS: CORRECT\n", null, "", false)]
    public void ExpectedResultsAreReadAsDomjudgeReadsThem(string source, string? verdicts, string unknown, bool duplicate)
    {
        var found = ExpectedResults.Find(source);
        if (verdicts is null)
        {
            Assert.Null(found);
            return;
        }
        Assert.NotNull(found);
        Assert.Equal(verdicts.Split(' ').Select(Enum.Parse<Verdict>), found.Verdicts);
        Assert.Equal(unknown, string.Join(",", found.Unknown));
        Assert.Equal(duplicate, found.Duplicate);
    }

    [Fact]
    public void UnknownResultNamesAndTwoTagsAreWarnedAbout()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage()
            .Write("submissions/mixed/a.py", "# @EXPECTED_RESULTS@: CORRECT, SEGFAULT\nprint(1)\n")
            .Write("submissions/mixed/b.py", "# @EXPECTED_RESULTS@: CORRECT\n# @EXPECTED_RESULTS@: TIMELIMIT\nprint(1)\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        HasWarning(package, "submissions/mixed/a.py", "'SEGFAULT', which is not a DOMjudge result");
        HasWarning(package, "submissions/mixed/b.py", "more than one @EXPECTED_RESULTS@ line");
        var twoTags = package.ExampleSubmissions.Single(s => s.Path.EndsWith("b.py", StringComparison.Ordinal));
        Assert.Null(twoTags.ExpectedResults);
        Assert.Equal([Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.MLE, Verdict.RTE, Verdict.OLE], twoTags.PermittedVerdicts);
    }
}
