using Apug.Server.Challenges;
using Apug.Server.Judging;

namespace Apug.Tests.Challenges;

public class PackageLoaderTests
{
    internal static ChallengePackage LoadFixture(string name)
    {
        var result = PackageLoader.Load(Path.Combine(TestPaths.TestPackages, name), PackageDefaults.Standard);
        Assert.True(result.IsLoaded, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Package;
    }

    private static IReadOnlyList<PackageIssue> Problems(string folder)
    {
        var result = PackageLoader.Load(folder, PackageDefaults.Standard);
        Assert.False(result.IsLoaded);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    private static PackageIssue SingleProblem(string folder)
    {
        var problems = Problems(folder);
        Assert.True(problems.Count == 1, string.Join("\n", problems));
        return problems[0];
    }

    // ---- scoring-groups (2025-09, type scoring) ----

    [Fact]
    public void ScoringFixtureLoadsWithItsIdNameAndType()
    {
        var package = LoadFixture("scoring-groups");
        Assert.Equal("scoring-groups", package.Id);
        Assert.Equal("Scoring Groups", package.Name);
        Assert.Equal(ProblemType.Scoring, package.Type);
        Assert.Equal(Path.Combine(TestPaths.TestPackages, "scoring-groups"), package.Directory);
    }

    [Fact]
    public void TestsAreOrderedSamplesFirstThenSecretGroupsByName()
    {
        var package = LoadFixture("scoring-groups");
        Assert.Equal(
            ["sample/1", "secret/group1/01", "secret/group1/02", "secret/group2/01", "secret/group2/02", "secret/group2/03", "secret/group3/01", "secret/group3/02"],
            package.Tests.Select(t => t.Name));
        Assert.Equal(package.Tests, package.RootGroup.AllTests());
    }

    [Fact]
    public void TestCasesKnowTheirGroupAndFiles()
    {
        var test = LoadFixture("scoring-groups").Tests.Single(t => t.Name == "secret/group2/03");
        Assert.Equal("secret/group2", test.Group);
        Assert.False(test.IsSample);
        Assert.Equal(Path.Combine(TestPaths.TestPackages, "scoring-groups", "data", "secret", "group2", "03.in"), test.InputPath);
        Assert.Equal(Path.Combine(TestPaths.TestPackages, "scoring-groups", "data", "secret", "group2", "03.ans"), test.AnswerPath);
        Assert.True(LoadFixture("scoring-groups").Tests[0].IsSample);
    }

    [Fact]
    public void GroupTreeCarriesTheScoringRulesOfTestGroupYaml()
    {
        var root = LoadFixture("scoring-groups").RootGroup;
        Assert.Equal("", root.Path);
        Assert.Equal(["sample", "secret"], root.Groups.Select(g => g.Path));

        var secret = root.FindGroup("secret")!;
        Assert.Equal((ScoreAggregation.Sum, 100.0), (secret.Scoring.Aggregation, secret.Scoring.MaxScore!.Value));
        Assert.Empty(secret.Scoring.RequirePass);
        Assert.Equal(["secret/group1", "secret/group2", "secret/group3"], secret.Groups.Select(g => g.Path));

        var (group1, group2, group3) = (secret.Groups[0].Scoring, secret.Groups[1].Scoring, secret.Groups[2].Scoring);
        Assert.Equal((ScoreAggregation.PassFail, 30.0), (group1.Aggregation, group1.MaxScore!.Value));
        Assert.Equal((ScoreAggregation.Sum, 45.0), (group2.Aggregation, group2.MaxScore!.Value));
        Assert.Equal((ScoreAggregation.Min, 25.0), (group3.Aggregation, group3.MaxScore!.Value));
        Assert.Equal(["secret/group1"], group3.RequirePass);
        Assert.Null(group1.Legacy);
    }

    [Fact]
    public void LimitsFallBackToTheConfiguredDefaults()
    {
        var limits = LoadFixture("scoring-groups").Limits;
        // 2048 MiB is what BAPCtools and DOMjudge assume when a package sets no memory limit.
        Assert.Equal(new ChallengeLimits(TimeSpan.FromSeconds(2), TimeLimitSource.Default, 2048, 8, null), limits);

        var custom = new PackageDefaults(TimeSpan.FromSeconds(5), 128, 4);
        var package = PackageLoader.Load(Path.Combine(TestPaths.TestPackages, "scoring-groups"), custom).Package!;
        Assert.Equal(new ChallengeLimits(TimeSpan.FromSeconds(5), TimeLimitSource.Default, 128, 4, null), package.Limits);
    }

    [Fact]
    public void ExampleSubmissionsGetTheVerdictsTheirFolderAndSubmissionsYamlPermit()
    {
        var submissions = LoadFixture("scoring-groups").ExampleSubmissions.ToDictionary(s => $"{s.Folder}/{Path.GetFileName(s.Path)}");
        Assert.Equal(["accepted/sum.py", "partial/small_only.py", "time_limit_exceeded/slow.py"], submissions.Keys);
        Assert.Equal([Verdict.AC], submissions["accepted/sum.py"].PermittedVerdicts);
        Assert.Equal([Verdict.AC, Verdict.WA], submissions["partial/small_only.py"].PermittedVerdicts);
        // Default [AC, TLE] narrowed by "time_limit_exceeded/*: permitted: [TLE, RTE]".
        Assert.Equal([Verdict.TLE], submissions["time_limit_exceeded/slow.py"].PermittedVerdicts);
        Assert.True(File.Exists(submissions["accepted/sum.py"].Path));
    }

    [Fact]
    public void MarkdownStatementIsRenderedToHtml()
    {
        var statement = LoadFixture("scoring-groups").Statement;
        Assert.Equal(StatementFormat.Markdown, statement.Format);
        Assert.Contains("Print the sum of", statement.Html);
        Assert.Contains("class=\"math\"", statement.Html);
        Assert.Null(statement.PdfPath);
    }

    // ---- python-validator / cpp-validator ----

    [Fact]
    public void PythonValidatorIsACustomPythonValidation()
    {
        var package = LoadFixture("python-validator");
        var validation = Assert.IsType<CustomOutputValidation>(package.Validation);
        Assert.Equal(ValidatorLanguage.Python, validation.Language);
        Assert.Equal(Path.Combine(package.Directory, "output_validator"), validation.Directory);
        Assert.Equal([Path.Combine(package.Directory, "output_validator", "validator.py")], validation.SourceFiles);
        Assert.Empty(validation.Arguments);
    }

    [Fact]
    public void EnglishNameIsPreferredFromANameMap()
    {
        var package = LoadFixture("python-validator");
        Assert.Equal("Any Order", package.Name);
        Assert.Contains("any order", package.Statement.Html);
        Assert.DoesNotContain("valfri", package.Statement.Html);
    }

    [Fact]
    public void LimitsFromProblemYamlAreUsed() =>
        Assert.Equal(
            new ChallengeLimits(TimeSpan.FromSeconds(1.5), TimeLimitSource.ProblemYaml, 512, 16, 64)
            {
                MemorySource = LimitSource.ProblemYaml,
                OutputSource = LimitSource.ProblemYaml,
            },
            LoadFixture("python-validator").Limits);

    [Fact]
    public void CppValidatorGetsTheOutputValidatorArgsOfTheTestData()
    {
        var validation = Assert.IsType<CustomOutputValidation>(LoadFixture("cpp-validator").Validation);
        Assert.Equal(ValidatorLanguage.Cpp, validation.Language);
        Assert.Equal(["validator.cpp"], validation.SourceFiles.Select(Path.GetFileName));
        Assert.Equal(["--verbose"], validation.Arguments);
    }

    // ---- legacy-layout ----

    [Fact]
    public void LegacyPackageUsesTimelimitFileAndValidatorFlags()
    {
        var package = LoadFixture("legacy-layout");
        Assert.Equal("Legacy Layout", package.Name);
        Assert.Equal(ProblemType.PassFail, package.Type);
        Assert.Equal(new ChallengeLimits(TimeSpan.FromSeconds(3), TimeLimitSource.TimelimitFile, 1024, 8, null) { MemorySource = LimitSource.ProblemYaml },
            package.Limits);
        Assert.Equal(new DefaultOutputValidation(true, false, 1e-4, 1e-4), package.Validation);
    }

    [Fact]
    public void LegacyStatementWithoutLanguageCodeIsFoundInProblemStatementFolder()
    {
        var statement = LoadFixture("legacy-layout").Statement;
        Assert.Equal(StatementFormat.Markdown, statement.Format);
        Assert.Contains("<strong>square root</strong>", statement.Html);
    }

    [Fact]
    public void LegacySubmissionFoldersHaveTheLegacyPermittedVerdicts()
    {
        var submissions = LoadFixture("legacy-layout").ExampleSubmissions;
        Assert.Equal([Verdict.AC], submissions.Single(s => s.Folder == "accepted").PermittedVerdicts);
        Assert.Equal([Verdict.AC, Verdict.WA, Verdict.TLE], submissions.Single(s => s.Folder == "time_limit_exceeded").PermittedVerdicts);
    }

    [Fact]
    public void LegacyTestOrderAndGroupsFollowTheFolders()
    {
        var package = LoadFixture("legacy-layout");
        Assert.Equal(["sample/1", "secret/a", "secret/b"], package.Tests.Select(t => t.Name));
        Assert.All(package.RootGroup.SelfAndDescendants(), g => Assert.Equal(ScoreAggregation.PassFail, g.Scoring.Aggregation));
    }

    [Fact]
    public void LegacyScoringGroupsInheritTestdataYamlKeyByKey()
    {
        var root = LoadFixture("legacy-scoring").RootGroup;
        Assert.Equal(ProblemType.Scoring, LoadFixture("legacy-scoring").Type);
        var rootGrading = root.Scoring.Legacy!;
        Assert.True(rootGrading.IgnoreSample);
        Assert.False(rootGrading.BreakOnReject);
        Assert.Equal((0.0, 100.0), (rootGrading.RangeMin, rootGrading.RangeMax));

        var secret = root.FindGroup("secret")!.Scoring.Legacy!;
        Assert.False(secret.IgnoreSample); // root only
        Assert.False(secret.BreakOnReject); // inherited on_reject: continue
        Assert.Equal(LegacyScoreMode.Sum, secret.ScoreMode);

        var group1 = root.FindGroup("secret/group1")!.Scoring;
        Assert.Equal((LegacyScoreMode.Min, 40.0, 0.0), (group1.Legacy!.ScoreMode, group1.Legacy.AcceptScore, group1.Legacy.RejectScore));
        Assert.Equal((ScoreAggregation.Min, 40.0), (group1.Aggregation, group1.MaxScore!.Value));

        var group2 = root.FindGroup("secret/group2")!.Scoring.Legacy!;
        Assert.Equal((LegacyScoreMode.Sum, 20.0, true), (group2.ScoreMode, group2.AcceptScore, group2.BreakOnReject));
    }

    // ---- latex-statement ----

    [Fact]
    public void LatexStatementIsRenderedWithMathLeftForKatex()
    {
        var statement = LoadFixture("latex-statement").Statement;
        Assert.Equal(StatementFormat.Latex, statement.Format);
        Assert.Contains("<span class=\"math-inline\">\\(a &lt; b\\)</span> &amp; &lt;script&gt;", statement.Html);
        Assert.Contains("<h2>Input</h2>", statement.Html);
        Assert.DoesNotContain("problemname", statement.Html);
        Assert.DoesNotContain("<script>", statement.Html);
    }

    [Fact]
    public void PdfStatementNextToTheSourceIsRecorded() =>
        Assert.Equal(
            Path.Combine(TestPaths.TestPackages, "latex-statement", "statement", "problem.en.pdf"),
            LoadFixture("latex-statement").Statement.PdfPath);

    [Fact]
    public void MissingSampleFolderGivesAnEmptySampleGroup()
    {
        var package = LoadFixture("latex-statement");
        Assert.Equal(["secret/1"], package.Tests.Select(t => t.Name));
        Assert.Empty(package.RootGroup.FindGroup("sample")!.Tests);
    }

    // ---- statements ----

    [Fact]
    public void MarkdownCannotInjectRawHtml()
    {
        string html = StatementReader.RenderMarkdown("Hi <script>alert(1)</script> <b onclick=\"x()\">there</b>", new Dictionary<string, string>());
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b ", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void MarkdownUsesAdvancedExtensions()
    {
        string html = StatementReader.RenderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n", new Dictionary<string, string>());
        Assert.Contains("<table>", html);
        Assert.Contains("footnote", html);
    }

    [Fact]
    public void MarkdownConstantsAreSubstitutedAndSampleCommandsRemoved()
    {
        string html = StatementReader.RenderMarkdown(
            "At most {{max_n}} items, not {{unknown}}.\n\n{{nextsample}}\n\n{{remainingsamples}}\n",
            new Dictionary<string, string> { ["max_n"] = "1000" });
        Assert.Contains("At most 1000 items, not {{unknown}}.", html);
        Assert.DoesNotContain("sample", html);
    }

    [Fact]
    public void ConstantsComeFromProblemYaml()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage()
            .Write("problem.yaml", "problem_format_version: 2025-09\nname: Constants\nconstants:\n  max_n: 1000\n")
            .Write("statement/problem.en.md", "n is at most {{max_n}}.\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Contains("n is at most 1000.", package.Statement.Html);
    }

    [Fact]
    public void PdfOnlyStatementIsAcceptedWithoutHtml()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("statement/problem.pdf", "%PDF-1.4\n");
        File.Delete(folder.Combine("statement/problem.en.md"));
        var statement = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Statement;
        Assert.Equal(new ChallengeStatement(StatementFormat.None, "", folder.Combine("statement/problem.pdf")), statement);
    }

    [Fact]
    public void NameFallsBackToLatexProblemNameThenFolderName()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("from-latex").Write("from-latex/problem.yaml", "type: pass-fail\n")
            .Write("from-latex/problem_statement/problem.tex", "\\problemname{Echo Chamber}\nEcho.\n");
        Directory.Delete(folder.Combine("from-latex/statement"), recursive: true);
        folder.WriteMinimalPackage("from-folder").Write("from-folder/problem.yaml", "problem_format_version: 2025-09\n");
        Assert.Equal("Echo Chamber", PackageLoader.Load(folder.Combine("from-latex"), PackageDefaults.Standard).Package!.Name);
        Assert.Equal("from-folder", PackageLoader.Load(folder.Combine("from-folder"), PackageDefaults.Standard).Package!.Name);
    }

    // ---- broken fixtures ----

    [Fact]
    public void BadYamlNamesTheFileAndPosition()
    {
        var problem = SingleProblem(Path.Combine(TestPaths.TestPackages, "broken", "bad-yaml"));
        Assert.Equal("problem.yaml", problem.File);
        Assert.Equal("invalid YAML at line 5, column 2: While parsing a block mapping, did not find expected key.", problem.Reason);
    }

    [Theory]
    [InlineData("name: [unclosed\n", "invalid YAML at line 2, column 1: ")]
    [InlineData("name: X\nlimits: {time_limit: 2\nuuid: 1\n", "invalid YAML at line 2, column 10: ")]
    [InlineData("name: X\nname: Y\n", "invalid YAML at line 1, column 1: Encountered duplicate key name")]
    public void YamlErrorsNameTheirPosition(string yaml, string reason) =>
        Assert.StartsWith(reason, SingleProblemOf(f => f.Write("problem.yaml", yaml)).Reason);

    [Fact]
    public void InputWithoutAnswerIsSkippedWithAWarningNamingIt()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("data/secret/2.in", "2\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(["sample/1", "secret/1"], package.Tests.Select(t => t.Name));
        Assert.Contains(new PackageIssue("data/secret/2.in", "has no answer file 2.ans: this test case is skipped"), package.Warnings);
    }

    [Fact]
    public void ValidatorInAnUnsupportedLanguageIsReported()
    {
        var problem = SingleProblem(Path.Combine(TestPaths.TestPackages, "broken", "unsupported-validator"));
        Assert.Equal("output_validator", problem.File);
        Assert.StartsWith("validator language not supported: output_validator/Validator.java", problem.Reason);
    }

    // ---- other problems, on packages built in the test ----

    private static PackageIssue SingleProblemOf(Action<TemporaryFolder> breakIt)
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage();
        breakIt(folder);
        return SingleProblem(folder.FullPath);
    }

    [Fact]
    public void MinimalPackageLoads()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage();
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(new DefaultOutputValidation(false, false, null, null), package.Validation);
        Assert.Empty(package.ExampleSubmissions);
        Assert.Equal(ProblemType.PassFail, package.Type);
    }

    [Fact]
    public void MissingProblemYamlIsReported() =>
        Assert.Equal(new PackageIssue("problem.yaml", "missing: every package needs a problem.yaml"),
            SingleProblemOf(f => File.Delete(f.Combine("problem.yaml"))));

    [Fact]
    public void MissingFolderIsReported() =>
        Assert.StartsWith("the package folder", SingleProblem(Path.Combine(TestPaths.TestPackages, "no-such-package")).Reason);

    [Fact]
    public void MissingStatementLoadsWithAWarning()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage();
        Directory.Delete(folder.Combine("statement"), true);
        var result = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard);
        Assert.True(result.IsLoaded);
        Assert.Equal(StatementFormat.None, result.Package.Statement.Format);
        Assert.Contains(result.Package.Warnings, w => w.File == "statement" && w.Reason.StartsWith("no problem statement", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptySecretWithoutSamplesLoadsButIsNotJudged()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage();
        Directory.Delete(folder.Combine("data/secret"), true);
        if (Directory.Exists(folder.Combine("data/sample"))) Directory.Delete(folder.Combine("data/sample"), true);
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Empty(package.Tests);
        Assert.Equal(PackageLoader.NoTestData, package.NotJudgedReason);
        Assert.Contains(package.Warnings, w => w.File == "data" && w.Reason.StartsWith("no test cases", StringComparison.Ordinal));
    }

    [Fact]
    public void AnswerWithoutInputIsSkippedWithAWarning()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("data/secret/9.ans", "9\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(2, package.Tests.Count);
        Assert.Contains(new PackageIssue("data/secret/9.ans", "has no input file 9.in: this test case is skipped"), package.Warnings);
    }

    [Theory]
    [InlineData("multi-pass")]
    [InlineData("[scoring, multi-pass]")]
    [InlineData("submit-answer")]
    public void UnsupportedProblemTypesLoadButAreNotJudged(string type)
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", $"problem_format_version: 2025-09\nname: X\ntype: {type}\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.EndsWith("problems are not supported yet", package.NotJudgedReason);
        Assert.Contains(package.Warnings, w => w.File == "problem.yaml" && w.Reason.Contains("submissions to it are refused"));
    }

    [Fact]
    public void TypeListWithScoringIsAScoringProblem()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: [scoring]\n");
        Assert.Equal(ProblemType.Scoring, PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Type);
    }

    [Fact]
    public void LegacyInteractiveAndMultiPassValidationLoadButAreNotJudged()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "name: X\nvalidation: custom interactive multi-pass\n")
            .Write("output_validators/check/check.c", "");
        Assert.Equal("multi-pass problems are not supported yet",
            PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.NotJudgedReason);
    }

    [Theory]
    [InlineData("problem_format_version: 2025-09\nname: X\ntype: interactive\n", "output_validator/interactor.py")]
    [InlineData("problem_format_version: 2025-09\nname: X\ntype: [scoring, interactive]\n", "output_validator/interactor.py")]
    [InlineData("name: X\nvalidation: custom interactive\n", "output_validators/guess/interactor.cpp")]
    public void InteractiveProblemsLoadAsJudgedWithTheirInteractorAndTranscripts(string problemYaml, string interactor)
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", problemYaml).Write(interactor, "")
            .Write("data/sample/1.interaction", ">1\n<ok\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Null(package.NotJudgedReason);
        Assert.True(package.Interactive);
        Assert.IsType<CustomOutputValidation>(package.Validation);
        Assert.Equal(">1\n<ok\n", package.Interactions["sample/1"]);
    }

    [Theory]
    [InlineData("problem_format_version: 2025-09\nname: X\ntype: interactive\n")]
    [InlineData("name: X\nvalidation: custom interactive\n")]
    public void AnInteractiveProblemWithoutInteractorIsRefused(string problemYaml) =>
        Assert.Contains("no interactor", SingleProblemOf(f => f.Write("problem.yaml", problemYaml)).Reason);

    [Fact]
    public void AnInteractiveProblemWhoseInteractorIsBuiltByScriptsIsListedNotJudged()
    {
        // BAPCtools' boolfind: output_validator/ holds build and run scripts beside the C++ source.
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: interactive\n")
            .Write("output_validator/interactor.cpp", "int main() { return 42; }\n")
            .Write("output_validator/build", "#!/bin/sh\ng++ interactor.cpp\n")
            .Write("output_validator/run", "#!/bin/sh\n./a.out \"$@\"\n");
        var loaded = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard);
        var package = Assert.IsType<ChallengePackage>(loaded.Package);
        Assert.StartsWith("its interactor cannot run here (validator language not supported: output_validator/build", package.NotJudgedReason);
        Assert.Contains(loaded.Warnings, w => w.Reason.EndsWith("the problem is listed, but submissions to it are refused", StringComparison.Ordinal));
    }

    [Fact]
    public void LegacyCustomValidationWithoutValidatorIsReported() =>
        Assert.Contains("no output validator", SingleProblemOf(f => f.Write("problem.yaml", "name: X\nvalidation: custom score\n")).Reason);

    [Fact]
    public void LegacyCustomValidatorInOutputValidatorsIsFound()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "name: X\nvalidation: custom\nvalidator_flags: strict\n")
            .Write("output_validators/checker/checker.cc", "int main() { return 42; }\n")
            .Write("output_validators/checker/testlib.h", "");
        var validation = Assert.IsType<CustomOutputValidation>(PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Validation);
        Assert.Equal((ValidatorLanguage.Cpp, folder.Combine("output_validators/checker")), (validation.Language, validation.Directory));
        Assert.Equal(["checker.cc", "testlib.h"], validation.SourceFiles.Select(Path.GetFileName));
        Assert.Equal(["strict"], validation.Arguments);
    }

    [Fact]
    public void PythonValidatorWithSeveralFilesNeedsAMainModule() =>
        Assert.Contains("__main__.py", SingleProblemOf(f => f.Write("output_validator/a.py", "").Write("output_validator/b.py", "")).Reason);

    [Fact]
    public void ValidatorWithBuildScriptIsNotSupported() =>
        Assert.StartsWith("validator language not supported", SingleProblemOf(f => f.Write("output_validator/build", "").Write("output_validator/v.py", "")).Reason);

    [Fact]
    public void ValidatorArgumentsThatDifferBetweenTestsAreRefusedForACustomValidator()
    {
        // The default validator takes flags per test case (CompatibilityFixtureTests); a custom one gets one set.
        var problem = SingleProblemOf(f => f.Write("output_validator/validate.py", "import sys\nsys.exit(42)\n")
            .Write("data/secret/test_group.yaml", "output_validator_args: [--strict]\n"));
        Assert.Contains("differ between test cases", problem.Reason);
    }

    [Fact]
    public void OutputValidatorArgsAreInheritedAndCanBeSetPerTestCase()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage()
            .Write("data/sample/test_group.yaml", "output_validator_args: [case_sensitive]\n")
            .Write("data/secret/test_group.yaml", "output_validator_args: [space_change_sensitive]\n")
            .Write("data/secret/1.yaml", "output_validator_args: [case_sensitive]\n");
        Assert.Equal(new DefaultOutputValidation(true, false, null, null), PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Validation);
    }

    [Fact]
    public void InvalidDefaultValidatorFlagsAreReportedAgainstTheirFile() =>
        Assert.Equal(new PackageIssue("data/sample/test_group.yaml", "unknown default output validator flag 'strict'"),
            SingleProblemOf(f => f.Write("data/sample/test_group.yaml", "output_validator_args: [strict]\n")
                .Write("data/secret/test_group.yaml", "output_validator_args: [strict]\n")));

    [Theory]
    [InlineData("limits:\n  time_limit: fast\n", "'limits.time_limit' must be a number of seconds above 0, not 'fast'")]
    [InlineData("limits:\n  time_limit: 0\n", "'limits.time_limit' must be a number of seconds above 0, not '0'")]
    [InlineData("limits:\n  memory: 1.5\n", "'limits.memory' must be a positive whole number, not '1.5'")]
    [InlineData("limits: 5\n", "'limits' must be a map")]
    [InlineData("name: [a, b]\n", "'name' must be a map")]
    public void InvalidProblemYamlValuesAreReported(string yaml, string reason) =>
        Assert.Equal(new PackageIssue("problem.yaml", reason),
            SingleProblemOf(f => f.Write("problem.yaml", "problem_format_version: 2025-09\n" + yaml)));

    [Fact]
    public void TimeLimitInProblemYamlWinsOverTimelimitFile()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write(".timelimit", "7\n")
            .Write("problem.yaml", "problem_format_version: 2025-09\nname: X\nlimits:\n  time_limit: 0.5\n");
        var limits = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!.Limits;
        Assert.Equal((TimeSpan.FromSeconds(0.5), TimeLimitSource.ProblemYaml), (limits.TimeLimit, limits.TimeLimitSource));
    }

    [Fact]
    public void UnreadableTimelimitFileIsReported() =>
        Assert.Equal(new PackageIssue(".timelimit", "must contain a number of seconds above 0, not 'soon'"),
            SingleProblemOf(f => f.Write(".timelimit", "soon\n")));

    [Fact]
    public void UnknownProblemYamlKeysAreIgnored()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "problem_format_version: 2025-09\nname: X\nflavour: vanilla\nlimits:\n  vibes: 3\n");
        Assert.True(PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).IsLoaded);
    }

    [Fact]
    public void SecretWithBothTestsAndGroupsIsRefusedIn2025FormatForAScoringProblem()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: scoring\n")
            .Write("data/secret/g/1.in", "1\n").Write("data/secret/g/1.ans", "1\n");
        Assert.Contains(Problems(folder.FullPath), p => p.File == "data/secret" && p.Reason.Contains("both test cases and test groups", StringComparison.Ordinal));
    }

    [Fact]
    public void SecretWithBothTestsAndGroupsLoadsWithAWarningForAPassFailProblem()
    {
        // BAPCtools generates such trees (bapc-identity); a pass-fail verdict does not depend on the grouping.
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("data/secret/g/1.in", "1\n").Write("data/secret/g/1.ans", "1\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(["sample/1", "secret/1", "secret/g/1"], package.Tests.Select(t => t.Name));
        Assert.Contains(package.Warnings, w => w.File == "data/secret" && w.Reason.Contains("both test cases and test groups", StringComparison.Ordinal));
    }

    [Fact]
    public void FoldersInsideA2025GroupOnlyOrganiseItsTests()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage();
        File.Delete(folder.Combine("data/secret/1.in"));
        File.Delete(folder.Combine("data/secret/1.ans"));
        folder.Write("data/secret/g/b.in", "1\n").Write("data/secret/g/b.ans", "1\n")
            .Write("data/secret/g/a/1.in", "1\n").Write("data/secret/g/a/1.ans", "1\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        var group = Assert.Single(package.RootGroup.FindGroup("secret")!.Groups);
        Assert.Empty(group.Groups);
        Assert.Equal(["secret/g/a/1", "secret/g/b"], group.Tests.Select(t => t.Name));
        Assert.All(group.Tests, t => Assert.Equal("secret/g", t.Group));
    }

    [Fact]
    public void LegacyFoldersAreNestedGroupsMixedWithTestsByName()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage().Write("problem.yaml", "name: X\n")
            .Write("data/secret/0.in", "0\n").Write("data/secret/0.ans", "0\n")
            .Write("data/secret/1a/x.in", "1\n").Write("data/secret/1a/x.ans", "1\n")
            .Write("data/secret/1a/deep/y.in", "1\n").Write("data/secret/1a/deep/y.ans", "1\n");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(["sample/1", "secret/0", "secret/1", "secret/1a/deep/y", "secret/1a/x"], package.Tests.Select(t => t.Name));
        Assert.Equal("secret/1a/deep", package.Tests[3].Group);
        Assert.NotNull(package.RootGroup.FindGroup("secret/1a/deep"));
    }

    [Fact]
    public void IgnoredFilesAndFoldersAreSkipped()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage()
            .Write("data/secret/.hidden.in", "x\n")
            .Write("data/secret/.draft/2.in", "x\n")
            .Write("submissions/accepted/.scratch.py", "");
        var package = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard).Package!;
        Assert.Equal(["sample/1", "secret/1"], package.Tests.Select(t => t.Name));
        Assert.Empty(package.ExampleSubmissions);
    }

    [Theory]
    [InlineData("data/secret/test_group.yaml", "max_score: 50\n", "only for problems of type scoring")]
    [InlineData("data/sample/test_group.yaml", "score_aggregation: sum\n", "not allowed for sample")]
    public void ScoringKeysOutsideScoringAreRefused(string file, string content, string reason) =>
        Assert.Contains(reason, SingleProblemOf(f => f.Write(file, content)).Reason);

    [Theory]
    [InlineData("max_score: 40\nscore_aggregation: sum\n", "max_score: unbounded\nscore_aggregation: sum\n", "needs a max_score")]
    [InlineData("max_score: unbounded\n", "max_score: unbounded\n", "needs a bounded max_score")]
    [InlineData("score_aggregation: pass-fail\n", "max_score: 100\nscore_aggregation: min\n", "must use pass-fail aggregation because secret does")]
    [InlineData("", "max_score: 100\nrequire_pass: secret/z\n", "does not come before")]
    [InlineData("", "max_score: 100\nrequire_pass: secret/nothing\n", "not sample or a test group")]
    public void ScoringRulesOfTheSpecAreChecked(string secretConfig, string groupConfig, string reason)
    {
        var problem = SingleProblemOf(f =>
        {
            f.Write("problem.yaml", "problem_format_version: 2025-09\nname: X\ntype: scoring\n");
            File.Delete(f.Combine("data/secret/1.in"));
            File.Delete(f.Combine("data/secret/1.ans"));
            f.Write("data/secret/test_group.yaml", secretConfig)
                .Write("data/secret/g/test_group.yaml", groupConfig)
                .Write("data/secret/g/1.in", "1\n").Write("data/secret/g/1.ans", "1\n")
                .Write("data/secret/z/test_group.yaml", "max_score: 0\n")
                .Write("data/secret/z/1.in", "1\n").Write("data/secret/z/1.ans", "1\n");
        });
        Assert.Contains(reason, problem.Reason);
    }

    [Fact]
    public void EveryProblemIsReportedNotJustTheFirst()
    {
        using var folder = new TemporaryFolder();
        folder.Write("problem.yaml", "problem_format_version: 2025-09\ntype: bogus\n")
            .Write("data/secret/1.in", "1\n").Write("data/secret/1.ans", "1\n")
            .Write("data/secret/test_group.yaml", "max_score: 5\n");
        var problems = Problems(folder.FullPath);
        Assert.Equal(["problem.yaml", "data/secret/test_group.yaml"], problems.Select(p => p.File));
    }

    // ---- content hash ----

    [Fact]
    public void ContentHashIsStableAndChangesWithAnyEdit()
    {
        using var folder = new TemporaryFolder();
        string package = folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "legacy-layout"), "legacy");
        string Hash() => PackageLoader.Load(package, PackageDefaults.Standard).Package!.ContentHash;

        string original = Hash();
        Assert.Matches("^[0-9a-f]{64}$", original);
        Assert.Equal(original, Hash());

        File.AppendAllText(Path.Combine(package, "data", "secret", "a.ans"), " ");
        string edited = Hash();
        Assert.NotEqual(original, edited);

        File.Move(Path.Combine(package, "submissions", "accepted", "root.py"), Path.Combine(package, "submissions", "accepted", "root2.py"));
        string renamed = Hash();
        Assert.NotEqual(edited, renamed);

        File.WriteAllText(Path.Combine(package, ".timelimit"), "4\n");
        Assert.NotEqual(renamed, Hash());
    }

    [Fact]
    public void ContentHashIsTheSameForACopy()
    {
        using var folder = new TemporaryFolder();
        string copy = folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "scoring-groups"), "copy");
        Assert.Equal(LoadFixture("scoring-groups").ContentHash, PackageLoader.Load(copy, PackageDefaults.Standard).Package!.ContentHash);
    }
}
