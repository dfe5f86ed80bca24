namespace Apug.Server.Challenges;

/// <summary>The output validator arguments that apply to one test case and the file that set them.</summary>
internal sealed record TestValidatorArguments(TestCase Test, IReadOnlyList<string> Arguments, string? SourceFile);

internal sealed record LoadedTestData(TestGroup Root, IReadOnlyList<TestCase> Tests, IReadOnlyList<TestValidatorArguments> ValidatorArguments);

/// <summary>
/// Reads data/ into a TestGroup tree. 2025-09: sample and secret, groups only directly below secret (deeper folders
/// just organise a group's test cases), configured by test_group.yaml. Legacy: every folder is a group, configured by
/// testdata.yaml inherited key by key from the closest ancestor (as problemtools does).
/// </summary>
internal static class PackageTestData
{
    private static readonly GroupScoring PassFailOnly = new(ScoreAggregation.PassFail, null);

    // problemtools' testdata.yaml grading keys (legacy spec); 2025-09 uses max_score, score_aggregation, require_pass instead.
    private static readonly string[] LegacyGradingKeys = ["grader_flags", "accept_score", "reject_score", "range", "on_reject", "grading"];
    private static readonly string[] ModernScoringKeys = ["max_score", "score_aggregation", "require_pass"];

    /// <param name="generatedDataRoot">A folder holding a generated data/ (TestDataGenerator's cache), used instead of the package's.</param>
    /// <param name="generationPending">data/ is to be generated from generators.yaml and is not yet: no tests until it is.</param>
    public static LoadedTestData Load(string packageRoot, PackageFormat format, ProblemType type, PackageYaml problemYaml,
        List<PackageIssue> errors, List<PackageIssue> warnings, string? generatedDataRoot = null, bool generationPending = false)
    {
        var validatorArguments = new List<TestValidatorArguments>();
        bool hasGenerators = File.Exists(Path.Combine(packageRoot, "generators", "generators.yaml"));
        // data/ as BAPCtools generated it into the cache (the package has at most its samples).
        string dataRoot = generatedDataRoot ?? packageRoot;
        var reader = new TestCaseReader(dataRoot, errors, warnings);
        TestGroup root;
        if (generationPending)
        {
            // Judging with the samples alone for a while and then with everything would judge submissions unequally.
            warnings.Add(new("data", "no test data yet: data/secret is generated from generators/generators.yaml (BAPCtools), and has not been " +
                                     "generated yet; submissions are refused until it is"));
            root = new TestGroup("", [], [], PassFailOnly);
        }
        else if (!Directory.Exists(Path.Combine(dataRoot, "data")))
        {
            // Listed with its statement, but nothing can be judged: submissions are refused (SubmissionEndpoints: "No test data").
            warnings.Add(new("data", hasGenerators
                ? "no test data yet: data/ is generated from generators/generators.yaml (BAPCtools), and has not been generated; submissions are refused until it is"
                : "no test data: the data/ folder is missing; the challenge is listed, but submissions are refused"));
            root = new TestGroup("", [], [], PassFailOnly);
        }
        else
        {
            bool legacyGrading = format == PackageFormat.Legacy || UsesLegacyGrading(reader, warnings, format);
            root = legacyGrading
                ? LoadLegacy(reader, type, problemYaml, validatorArguments, errors)
                : LoadModern(reader, type, validatorArguments, errors);
            bool hasSecret = root.Groups.Any(g => g.Path == "secret" && g.AllTests().Any());
            bool hasSample = root.Groups.Any(g => g.Path == "sample" && g.AllTests().Any());
            if (!hasSecret && hasSample)
                warnings.Add(new("data/secret", "no secret test cases: the samples are the tests"));
            else if (!hasSecret)
                warnings.Add(new("data", hasGenerators
                    ? "no test cases in data/sample or data/secret, and generators/generators.yaml made none; submissions are refused"
                    : "no test cases: data/secret (or at least data/sample) has no .in/.ans pair; the challenge is listed, but submissions are refused"));
            if ((hasSecret || hasSample) && hasGenerators)
                warnings.Add(new("generators/generators.yaml", dataRoot != packageRoot
                    ? $"generated: {root.AllTests().Count()} test cases, made in the sandbox from generators/generators.yaml (cached by the package's content)"
                    : $"not run: the package has data/secret, so the judge uses the {root.AllTests().Count()} test cases in data/ (delete data/secret " +
                      "to have the judge generate it, or run `bt generate` after changing the generators)"));
        }
        var tests = root.AllTests().ToList();
        var position = tests.Select((test, index) => (test.Name, index)).ToDictionary(p => p.Name, p => p.index);
        var argumentsInOrder = validatorArguments.OrderBy(a => position[a.Test.Name]).ToList();
        return new LoadedTestData(root, tests, argumentsInOrder);
    }

    /// <summary>
    /// A 2023-07-draft (or later) package whose testdata.yaml files use only problemtools' legacy grading keys is graded
    /// by the legacy rules, as problemtools grades it; its own tool made it that way.
    /// </summary>
    private static bool UsesLegacyGrading(TestCaseReader reader, List<PackageIssue> warnings, PackageFormat format)
    {
        var files = Directory.EnumerateFiles(reader.Full("data"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "testdata.yaml" or "test_group.yaml")
            .Select(f => PackageFiles.Relative(reader.PackageRoot, f)).Order(StringComparer.Ordinal).ToList();
        var legacyFiles = new List<string>();
        foreach (string file in files)
        {
            var yaml = PackageYaml.Load(reader.PackageRoot, file, []);
            if (yaml is null) continue;
            if (ModernScoringKeys.Any(yaml.Has)) return false;
            if (LegacyGradingKeys.Any(yaml.Has)) legacyFiles.Add(file);
        }
        if (legacyFiles.Count == 0) return false;
        warnings.Add(new(legacyFiles[0], $"uses legacy grading keys (on_reject, accept_score, range, grader_flags) in a {PackageFormats.Describe(format)} package" +
                                         $"{(legacyFiles.Count > 1 ? $" (and {legacyFiles.Count - 1} more files)" : "")}: graded by the legacy rules, as problemtools does"));
        return true;
    }

    // ---- 2025-09 ----

    private sealed record ModernGroupConfig(
        string? File,
        bool HasMaxScore,
        double? MaxScore,                // null with HasMaxScore means unbounded
        ScoreAggregation? Aggregation,
        IReadOnlyList<string>? RequirePass,
        IReadOnlyList<string>? ValidatorArguments,
        bool HasStaticValidation)
    {
        public static readonly ModernGroupConfig None = new(null, false, null, null, null, null, false);

        public bool HasScoringKeys => HasMaxScore || Aggregation is not null || RequirePass is not null;
    }

    private static TestGroup LoadModern(TestCaseReader reader, ProblemType type, List<TestValidatorArguments> validatorArguments, List<PackageIssue> errors)
    {
        bool scoring = type == ProblemType.Scoring;
        // data/test_group.yaml is not in the spec, but tools accept it; only its validator arguments are used (inherited).
        var dataConfig = ReadModernConfig(reader, "data");

        var sampleConfig = ReadModernConfig(reader, "data/sample");
        if (sampleConfig.HasScoringKeys)
            errors.Add(new(sampleConfig.File!, "max_score, score_aggregation and require_pass are not allowed for sample"));
        var sampleTests = reader.ReadTests("data/sample", "sample", recursive: true, modernGroupLeaf: true);
        AddArguments(reader, sampleTests, sampleConfig.ValidatorArguments is null ? dataConfig : sampleConfig, validatorArguments);
        var sample = new TestGroup("sample", [], sampleTests, PassFailOnly);

        var secretConfig = ReadModernConfig(reader, "data/secret");
        var inheritedBySecret = secretConfig.ValidatorArguments is null ? dataConfig : secretConfig;
        var groupDirectories = PackageFiles.Directories(reader.Full("data/secret")).Where(d => !d.EndsWith(".files")).ToList();
        var directTests = reader.ReadTests("data/secret", "secret", recursive: false, modernGroupLeaf: false);
        // BAPCtools generates such trees; a pass-fail verdict does not depend on the grouping, a score does.
        if (groupDirectories.Count > 0 && directTests.Count > 0 && type == ProblemType.Scoring)
            errors.Add(new("data/secret", "contains both test cases and test groups; the 2025-09 format allows only one of them"));
        else if (groupDirectories.Count > 0 && directTests.Count > 0)
            reader.Warnings.Add(new("data/secret", "contains both test cases and test groups, which the 2025-09 format does not allow; " +
                                                   "all are judged (the problem is pass-fail, so the grouping changes nothing)"));
        AddArguments(reader, directTests, inheritedBySecret, validatorArguments);

        var groups = new List<(TestGroup Group, ModernGroupConfig Config)>();
        foreach (var directory in groupDirectories)
        {
            string name = Path.GetFileName(directory);
            var config = ReadModernConfig(reader, $"data/secret/{name}");
            var tests = reader.ReadTests($"data/secret/{name}", $"secret/{name}", recursive: true, modernGroupLeaf: true);
            if (tests.Count == 0) errors.Add(new($"data/secret/{name}", "a test group must contain at least one test case"));
            AddArguments(reader, tests, config.ValidatorArguments is null ? inheritedBySecret : config, validatorArguments);
            groups.Add((new TestGroup($"secret/{name}", [], tests, PassFailOnly), config));
        }

        foreach (var config in groups.Select(g => g.Config).Prepend(secretConfig).Prepend(sampleConfig).Where(c => c.HasStaticValidation))
            errors.Add(new(config.File!, "static validation (static_validation_score) is not supported"));

        if (!scoring)
        {
            foreach (var config in groups.Select(g => g.Config).Prepend(secretConfig).Where(c => c.HasScoringKeys))
                errors.Add(new(config.File!, "max_score, score_aggregation and require_pass are only for problems of type scoring"));
            var passFailSecret = new TestGroup("secret", groups.Select(g => g.Group).ToList(), directTests, PassFailOnly);
            return new TestGroup("", [sample, passFailSecret], [], PassFailOnly);
        }

        var secretScoring = new GroupScoring(
            secretConfig.Aggregation ?? ScoreAggregation.Sum,
            secretConfig.HasMaxScore ? secretConfig.MaxScore : 100)
        { RequirePass = secretConfig.RequirePass ?? [] };
        var scoredGroups = groups
            .Select(g => g.Group with
            {
                Scoring = new GroupScoring(g.Config.Aggregation ?? ScoreAggregation.PassFail, g.Config.MaxScore)
                { RequirePass = g.Config.RequirePass ?? [] },
            })
            .ToList();
        var secret = new TestGroup("secret", scoredGroups, directTests, secretScoring);
        CheckModernScoring(secret, sample, groups.Select(g => g.Config.File ?? $"data/{g.Group.Path}").ToList(), secretConfig.File ?? "data/secret", errors);
        return new TestGroup("", [sample, secret], [], new GroupScoring(ScoreAggregation.Sum, null));
    }

    /// <summary>The spec's rules for scoring configuration (Result aggregation, Scoring problems, Group dependencies).</summary>
    private static void CheckModernScoring(TestGroup secret, TestGroup sample, IReadOnlyList<string> groupFiles, string secretFile, List<PackageIssue> errors)
    {
        var all = secret.Groups.Zip(groupFiles).Select(pair => (Group: pair.First, File: pair.Second)).Prepend((Group: secret, File: secretFile));
        foreach (var (group, file) in all)
        {
            var scoring = group.Scoring;
            if (scoring.Aggregation == ScoreAggregation.PassFail && scoring.MaxScore is null)
                errors.Add(new(file, $"{group.Path} uses pass-fail aggregation and so needs a bounded max_score"));
            if (group != secret)
            {
                if (scoring.MaxScore is null && secret.Scoring.MaxScore is not null)
                    errors.Add(new(file, $"{group.Path} needs a max_score: groups may only be unbounded when secret is"));
                if (secret.Scoring.Aggregation == ScoreAggregation.PassFail && scoring.Aggregation != ScoreAggregation.PassFail)
                    errors.Add(new(file, $"{group.Path} must use pass-fail aggregation because secret does"));
            }
            foreach (string required in scoring.RequirePass)
            {
                var target = required == "sample" ? sample : secret.Groups.FirstOrDefault(g => g.Path == required);
                if (target is null)
                    errors.Add(new(file, $"require_pass names '{required}', which is not sample or a test group"));
                else if (group == secret && target != sample)
                    errors.Add(new(file, "secret may only require sample to pass"));
                else if (string.CompareOrdinal(required, group.Path) >= 0)
                    errors.Add(new(file, $"require_pass names '{required}', which does not come before {group.Path}"));
                else if (target.Scoring.Aggregation != ScoreAggregation.PassFail)
                    errors.Add(new(file, $"require_pass names '{required}', which does not use pass-fail aggregation"));
            }
        }
    }

    private static ModernGroupConfig ReadModernConfig(TestCaseReader reader, string directory)
    {
        string? file = new[] { "test_group.yaml", "testdata.yaml" }
            .Select(name => $"{directory}/{name}")
            .FirstOrDefault(path => File.Exists(reader.Full(path)));
        if (file is null) return ModernGroupConfig.None;
        var yaml = PackageYaml.Load(reader.PackageRoot, file, reader.Errors);
        if (yaml is null) return ModernGroupConfig.None with { File = file };

        double? maxScore = null;
        bool hasMaxScore = yaml.Has("max_score");
        if (hasMaxScore && yaml.String("max_score") != "unbounded")
            maxScore = yaml.Number("max_score", v => v >= 0, "a non-negative number or 'unbounded'");
        ScoreAggregation? aggregation = yaml.String("score_aggregation") switch
        {
            null => null,
            "sum" => ScoreAggregation.Sum,
            "min" => ScoreAggregation.Min,
            "pass-fail" => ScoreAggregation.PassFail,
            var other => Report<ScoreAggregation>(yaml, "score_aggregation", $"must be pass-fail, sum or min, not '{other}'"),
        };
        return new ModernGroupConfig(
            file,
            hasMaxScore,
            maxScore,
            aggregation,
            yaml.Words("require_pass"),
            yaml.Words("output_validator_args") ?? yaml.Words("output_validator_flags"),
            yaml.Has("static_validation_score"));
    }

    private static void AddArguments(TestCaseReader reader, IReadOnlyList<TestCase> tests, ModernGroupConfig inherited, List<TestValidatorArguments> validatorArguments)
    {
        foreach (var test in tests)
        {
            // A test case's own .yaml overrides the group's output_validator_args.
            string ownFile = $"data/{test.Name}.yaml";
            var own = File.Exists(reader.Full(ownFile)) ? PackageYaml.Load(reader.PackageRoot, ownFile, reader.Errors) : null;
            var ownArguments = own?.Words("output_validator_args");
            validatorArguments.Add(ownArguments is not null
                ? new(test, ownArguments, ownFile)
                : new(test, inherited.ValidatorArguments ?? [], inherited.File));
        }
    }

    // ---- legacy ----

    /// <summary>One testdata.yaml (or the merge of several): every setting is optional so a child can inherit it.</summary>
    private sealed record LegacySettings(
        LegacyGraderFlags? GraderFlags,
        double? AcceptScore,
        double? RejectScore,
        (double Min, double Max)? Range,
        bool? BreakOnReject,
        IReadOnlyList<string>? ValidatorFlags,
        string? ValidatorFlagsFile)
    {
        public static readonly LegacySettings Empty = new(null, null, null, null, null, null, null);

        public LegacySettings InheritFrom(LegacySettings parent) => new(
            GraderFlags ?? parent.GraderFlags,
            AcceptScore ?? parent.AcceptScore,
            RejectScore ?? parent.RejectScore,
            Range ?? parent.Range,
            BreakOnReject ?? parent.BreakOnReject,
            ValidatorFlags ?? parent.ValidatorFlags,
            ValidatorFlags is null ? parent.ValidatorFlagsFile : ValidatorFlagsFile);

        public LegacyGrading ToGrading(bool isRoot)
        {
            var flags = GraderFlags ?? LegacyGraderFlags.Default;
            var range = Range ?? (double.NegativeInfinity, double.PositiveInfinity);
            return new LegacyGrading(flags.Mode, AcceptScore ?? 1, RejectScore ?? 0, range.Min, range.Max,
                BreakOnReject ?? true, isRoot && flags.IgnoreSample, flags.AlwaysAccept, flags.AcceptIfAnyAccepted, flags.FirstError);
        }
    }

    private sealed record LegacyGraderFlags(LegacyScoreMode Mode, bool AlwaysAccept, bool AcceptIfAnyAccepted, bool IgnoreSample, bool FirstError = false)
    {
        public static readonly LegacyGraderFlags Default = new(LegacyScoreMode.Sum, false, false, false);
    }

    private static TestGroup LoadLegacy(TestCaseReader reader, ProblemType type, PackageYaml problemYaml, List<TestValidatorArguments> validatorArguments, List<PackageIssue> errors)
    {
        // Old problem.yaml files may set grading for every group; problemtools lets these win over testdata.yaml.
        var overrides = problemYaml.Map("grading") is { } grading ? ReadLegacySettings(grading) : LegacySettings.Empty;
        var rootSettings = ReadLegacySettings(reader, "data").InheritFrom(LegacySettings.Empty);
        var sample = LoadLegacyGroup(reader, "sample", rootSettings, overrides, type, validatorArguments);
        var secret = LoadLegacyGroup(reader, "secret", rootSettings, overrides, type, validatorArguments);
        var rootScoring = ScoringOf(overrides.InheritFrom(rootSettings), type, isRoot: true);
        return new TestGroup("", [sample, secret], [], rootScoring);
    }

    private static TestGroup LoadLegacyGroup(TestCaseReader reader, string path, LegacySettings parent, LegacySettings overrides, ProblemType type, List<TestValidatorArguments> validatorArguments)
    {
        string directory = $"data/{path}";
        var settings = ReadLegacySettings(reader, directory).InheritFrom(parent);
        var effective = overrides.InheritFrom(settings);
        var tests = reader.ReadTests(directory, path, recursive: false, modernGroupLeaf: false);
        foreach (var test in tests)
            validatorArguments.Add(new(test, effective.ValidatorFlags ?? [], effective.ValidatorFlagsFile));
        var subgroups = PackageFiles.Directories(reader.Full(directory))
            .Where(d => !d.EndsWith(".files"))
            .Select(d => LoadLegacyGroup(reader, $"{path}/{Path.GetFileName(d)}", settings, overrides, type, validatorArguments))
            .ToList();
        return new TestGroup(path, subgroups, tests, ScoringOf(effective, type, isRoot: false));
    }

    private static GroupScoring ScoringOf(LegacySettings settings, ProblemType type, bool isRoot)
    {
        var grading = settings.ToGrading(isRoot);
        // Pass-fail problems keep the grading too: on_reject and the verdict flags decide their verdict (LegacyGrader).
        if (type != ProblemType.Scoring) return PassFailOnly with { Legacy = grading };
        // Aggregation and MaxScore only approximate the legacy rules for readers of the tree; Scoring uses Legacy.
        return new GroupScoring(
            grading.ScoreMode == LegacyScoreMode.Min ? ScoreAggregation.Min : ScoreAggregation.Sum,
            double.IsFinite(grading.RangeMax) ? grading.RangeMax : null)
        { Legacy = grading };
    }

    private static LegacySettings ReadLegacySettings(TestCaseReader reader, string directory)
    {
        string file = $"{directory}/testdata.yaml";
        if (!File.Exists(reader.Full(file))) return LegacySettings.Empty;
        return PackageYaml.Load(reader.PackageRoot, file, reader.Errors) is { } yaml ? ReadLegacySettings(yaml) : LegacySettings.Empty;
    }

    private static LegacySettings ReadLegacySettings(PackageYaml yaml)
    {
        if (yaml.String("grading") is "custom")
            yaml.Report("grading", "custom graders are not supported");
        bool? breakOnReject = yaml.String("on_reject") switch
        {
            null => null,
            "break" or "first_error" => true,
            "continue" or "grade" => false,
            var other => Report<bool>(yaml, "on_reject", $"must be break or continue, not '{other}'"),
        };
        var validatorFlags = yaml.Words("output_validator_flags") ?? yaml.Words("output_validator_args");
        return new LegacySettings(
            ReadGraderFlags(yaml),
            yaml.Number("accept_score", double.IsFinite, "a number"),
            yaml.Number("reject_score", double.IsFinite, "a number"),
            ReadRange(yaml),
            breakOnReject,
            validatorFlags,
            validatorFlags is null ? null : yaml.RelativePath);
    }

    private static LegacyGraderFlags? ReadGraderFlags(PackageYaml yaml)
    {
        var words = yaml.Words("grader_flags");
        if (words is null) return null;
        var flags = LegacyGraderFlags.Default;
        foreach (string word in words)
        {
            flags = word switch
            {
                "sum" => flags with { Mode = LegacyScoreMode.Sum },
                "avg" => flags with { Mode = LegacyScoreMode.Avg },
                "min" => flags with { Mode = LegacyScoreMode.Min },
                "max" => flags with { Mode = LegacyScoreMode.Max },
                "worst_error" or "no_errors" => flags with { AlwaysAccept = false, FirstError = false },
                "first_error" => flags with { AlwaysAccept = false, FirstError = true },
                "always_accept" => flags with { AlwaysAccept = true },
                "accept_if_any_accepted" => flags with { AcceptIfAnyAccepted = true },
                "ignore_sample" => flags with { IgnoreSample = true },
                _ => Report(yaml, "grader_flags", $"has '{word}', which the default grader does not know") ?? flags,
            };
        }
        return flags;
    }

    private static (double, double)? ReadRange(PackageYaml yaml)
    {
        var words = yaml.Words("range");
        if (words is null) return null;
        if (words.Count == 2 && ParseRangeBound(words[0]) is { } min && ParseRangeBound(words[1]) is { } max && min <= max)
            return (min, max);
        return Report<(double, double)>(yaml, "range", "must be two numbers 'low high' (inf, -inf and +inf are allowed)");
    }

    private static double? ParseRangeBound(string word) => word switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => DefaultOutputValidator.TryParseFloat(word, out double value) ? value : null,
    };

    private static T? Report<T>(PackageYaml yaml, string key, string reason) where T : struct
    {
        yaml.Report(key, reason);
        return null;
    }

    private static LegacyGraderFlags? Report(PackageYaml yaml, string key, string reason)
    {
        yaml.Report(key, reason);
        return null;
    }

    /// <summary>Finds .in/.ans pairs in a folder; a half without the other is skipped with a warning naming it.</summary>
    private sealed class TestCaseReader(string packageRoot, List<PackageIssue> errors, List<PackageIssue> warnings)
    {
        public string PackageRoot => packageRoot;
        public List<PackageIssue> Errors => errors;
        public List<PackageIssue> Warnings => warnings;

        public string Full(string relative) => Path.Combine(packageRoot, relative);

        /// <param name="recursive">2025-09 groups: folders inside a group just organise its test cases.</param>
        /// <param name="modernGroupLeaf">Report test_group.yaml below the group, which the 2025-09 format forbids.</param>
        public IReadOnlyList<TestCase> ReadTests(string directory, string groupPath, bool recursive, bool modernGroupLeaf)
        {
            var tests = new List<TestCase>();
            Collect(directory, groupPath, recursive, modernGroupLeaf, isGroupRoot: true, tests);
            return tests.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        }

        private void Collect(string directory, string groupPath, bool recursive, bool modernGroupLeaf, bool isGroupRoot, List<TestCase> tests)
        {
            string full = Full(directory);
            if (!Directory.Exists(full)) return;
            var files = PackageFiles.Files(full).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (string file in files.Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".in", StringComparison.Ordinal))
                {
                    string baseName = file[..^3];
                    if (!files.Contains(baseName + ".ans"))
                    {
                        warnings.Add(new($"{directory}/{file}", $"has no answer file {baseName}.ans: this test case is skipped"));
                        continue;
                    }
                    if (Directory.Exists(Full($"{directory}/{baseName}.files")))
                        errors.Add(new($"{directory}/{baseName}.files", "test case input files (.files) are not supported"));
                    string name = $"{directory["data/".Length..]}/{baseName}";
                    tests.Add(new TestCase(name, groupPath, groupPath == "sample" || groupPath.StartsWith("sample/"),
                        Full($"{directory}/{file}"), Full($"{directory}/{baseName}.ans")));
                }
                else if (file.EndsWith(".ans", StringComparison.Ordinal) && !files.Contains(file[..^4] + ".in"))
                {
                    warnings.Add(new($"{directory}/{file}", $"has no input file {file[..^4]}.in: this test case is skipped"));
                }
                else if (file == "test_group.yaml" && modernGroupLeaf && !isGroupRoot)
                {
                    // BAPCtools writes them deeper (for input_validator_args); nothing there changes grading, so it is no refusal.
                    warnings.Add(new($"{directory}/{file}", "is not used for grading: the 2025-09 format allows test_group.yaml only in sample, secret and " +
                                                           "the test groups directly below secret (validate still reads its input_validator_args)"));
                }
            }
            if (!recursive) return;
            foreach (string subdirectory in PackageFiles.Directories(full).Where(d => !d.EndsWith(".files")))
                Collect($"{directory}/{Path.GetFileName(subdirectory)}", groupPath, recursive, modernGroupLeaf, isGroupRoot: false, tests);
        }
    }
}
