namespace Apug.Server.Challenges;

/// <summary>
/// Loads one Kattis problem package folder, 2025-09 or legacy layout, into a ChallengePackage, or reports every
/// problem found (file relative to the package + reason) so an organiser can fix them all in one go.
/// </summary>
public static class PackageLoader
{
    private static readonly HashSet<string> UnsupportedTypes = new(StringComparer.Ordinal) { "interactive", "multi-pass", "submit-answer" };

    // Source files of languages the sandbox cannot run as validators (from the spec's languages table).
    private static readonly HashSet<string> OtherLanguageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".c", ".java", ".kt", ".rs", ".go", ".js", ".ts", ".rb", ".hs", ".cs", ".fs", ".vb", ".sh", ".pl", ".php",
        ".scala", ".ml", ".pas", ".lua", ".swift", ".f90", ".f", ".m", ".cob", ".erl", ".ex", ".exs", ".clj",
        ".lisp", ".jl", ".r", ".d", ".nim", ".zig", ".dart", ".groovy", ".py2", ".ctd", ".viva", ".jar",
    };

    public static PackageLoadResult Load(string packageDirectory, PackageDefaults defaults)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packageDirectory));
        if (!Directory.Exists(root)) return new(null, [new("", $"the package folder {root} does not exist")]);
        var problems = new List<PackageProblem>();
        try
        {
            var package = Read(root, defaults, problems);
            return problems.Count == 0 ? new(package, []) : new(null, problems.Distinct().ToList());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new("", $"cannot read the package: {e.Message}"));
            return new(null, problems.Distinct().ToList());
        }
    }

    private static ChallengePackage Read(string root, PackageDefaults defaults, List<PackageProblem> problems)
    {
        string id = Path.GetFileName(root);
        var metadata = ReadProblemYaml(root, problems);
        // No problem_format_version means legacy (legacy spec: "which is also the default").
        bool isLegacy = metadata.String("problem_format_version") is not { } version || version.StartsWith("legacy", StringComparison.Ordinal);
        var type = ReadType(metadata, problems);
        bool customValidationRequested = ReadValidationKey(metadata, problems);
        string name = ReadName(metadata) ?? StatementReader.LatexProblemName(root) ?? id;
        var limits = ReadLimits(root, metadata, defaults, problems);
        var statement = StatementReader.Read(root, ReadConstants(metadata), problems);
        var testData = PackageTestData.Load(root, isLegacy, type, metadata, problems);
        var validation = ReadOutputValidation(root, metadata, isLegacy, customValidationRequested, testData.ValidatorArguments, problems);
        var submissions = ExampleSubmissionReader.Read(root, isLegacy, problems);
        string hash = problems.Count == 0 ? ContentHash.Compute(root) : "";
        return new ChallengePackage(id, name, type, limits, statement, testData.Tests, testData.Root, validation, submissions, hash, root);
    }

    private static PackageYaml ReadProblemYaml(string root, List<PackageProblem> problems)
    {
        if (!File.Exists(Path.Combine(root, "problem.yaml")))
        {
            problems.Add(new("problem.yaml", "missing: every package needs a problem.yaml"));
            return PackageYaml.Empty("problem.yaml", problems);
        }
        return PackageYaml.Load(root, "problem.yaml", problems) ?? PackageYaml.Empty("problem.yaml", problems);
    }

    /// <summary>type: a string (legacy) or a list (2025-09); scoring wins, interactive and friends are refused.</summary>
    private static ProblemType ReadType(PackageYaml metadata, List<PackageProblem> problems)
    {
        var types = metadata.Words("type");
        if (types is null) return ProblemType.PassFail;
        foreach (string type in types)
        {
            if (UnsupportedTypes.Contains(type))
                metadata.Report("type", $"is '{type}', which is not supported by this judge (only pass-fail and scoring)");
            else if (type is not ("pass-fail" or "scoring"))
                metadata.Report("type", $"has unknown value '{type}'");
        }
        if (types.Contains("scoring") && types.Contains("pass-fail"))
            metadata.Report("type", "cannot be both pass-fail and scoring");
        return types.Contains("scoring") ? ProblemType.Scoring : ProblemType.PassFail;
    }

    /// <summary>Legacy <c>validation: default | custom [score] [interactive]</c>; true when custom.</summary>
    private static bool ReadValidationKey(PackageYaml metadata, List<PackageProblem> problems)
    {
        var words = metadata.Words("validation");
        if (words is null || words.Count == 0) return false;
        if (words[0] is not ("default" or "custom"))
            metadata.Report("validation", $"must start with default or custom, not '{words[0]}'");
        if (words.Contains("interactive"))
            metadata.Report("validation", "is interactive, which is not supported by this judge");
        foreach (string word in words.Skip(1).Where(w => w is not ("score" or "interactive")))
            metadata.Report("validation", $"has unknown option '{word}'");
        return words[0] == "custom";
    }

    /// <summary>name: a string, or a map of language to string (English preferred, else the first).</summary>
    private static string? ReadName(PackageYaml metadata)
    {
        string? name = metadata.Raw("name") is string ? metadata.String("name")
            : metadata.Map("name") is { } names ? names.String("en") ?? names.Keys.Select(names.String).FirstOrDefault(n => n is not null)
            : null;
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    private static IReadOnlyDictionary<string, string> ReadConstants(PackageYaml metadata)
    {
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.Map("constants") is not { } map) return constants;
        foreach (string key in map.Keys)
            if (map.String(key) is { } value) constants[key] = value;
        return constants;
    }

    /// <summary>Time limit: limits.time_limit, else the DOMjudge/BAPCtools .timelimit file, else the configured default.</summary>
    private static ChallengeLimits ReadLimits(string root, PackageYaml metadata, PackageDefaults defaults, List<PackageProblem> problems)
    {
        var limits = metadata.Map("limits") ?? PackageYaml.Empty(metadata.RelativePath, problems);
        var timeLimit = (defaults.TimeLimit, TimeLimitSource.Default);
        if (limits.Number("time_limit", v => v > 0, "a number of seconds above 0") is { } seconds)
        {
            timeLimit = (TimeSpan.FromSeconds(seconds), TimeLimitSource.ProblemYaml);
        }
        else if (!limits.Has("time_limit") && File.Exists(Path.Combine(root, ".timelimit")))
        {
            string text = File.ReadAllText(Path.Combine(root, ".timelimit")).Trim();
            if (DefaultOutputValidator.TryParseFloat(text, out double fileSeconds) && fileSeconds > 0)
                timeLimit = (TimeSpan.FromSeconds(fileSeconds), TimeLimitSource.TimelimitFile);
            else
                problems.Add(new(".timelimit", $"must contain a number of seconds above 0, not '{text}'"));
        }
        return new ChallengeLimits(
            timeLimit.Item1,
            timeLimit.Item2,
            limits.PositiveInteger("memory") ?? defaults.MemoryMiB,
            limits.PositiveInteger("output") ?? defaults.OutputMiB,
            limits.PositiveInteger("code"));
    }

    /// <summary>
    /// Default validator with its flags, or the one custom validator. Arguments are problem.yaml validator_flags
    /// followed by the test data's output_validator_args; they must be the same for every test case, because the
    /// package has one OutputValidation.
    /// </summary>
    private static OutputValidation ReadOutputValidation(
        string root, PackageYaml metadata, bool isLegacy, bool customRequested,
        IReadOnlyList<TestValidatorArguments> testArguments, List<PackageProblem> problems)
    {
        var first = testArguments.FirstOrDefault();
        var differing = testArguments.FirstOrDefault(a => !a.Arguments.SequenceEqual(first!.Arguments));
        if (first is not null && differing is not null)
            problems.Add(new(differing.SourceFile ?? first.SourceFile ?? "data",
                $"output validator arguments differ between test cases ('{first.Test.Name}' has [{string.Join(' ', first.Arguments)}], " +
                $"'{differing.Test.Name}' has [{string.Join(' ', differing.Arguments)}]); this judge supports one set per package"));
        var arguments = (metadata.Words("validator_flags") ?? []).Concat(first?.Arguments ?? []).ToList();

        var program = FindValidatorProgram(root, problems);
        // Legacy packages use a custom validator only when problem.yaml says validation: custom.
        bool useCustom = customRequested || (!isLegacy && program is not null);
        if (!useCustom)
        {
            if (DefaultOutputValidator.TryParseFlags(arguments, out var flags, out string? error)) return flags;
            problems.Add(new(first?.Arguments.Count > 0 ? first.SourceFile ?? "problem.yaml" : "problem.yaml", error));
            return new DefaultOutputValidation(false, false, null, null);
        }
        if (program is null)
        {
            problems.Add(new("problem.yaml", "validation is custom but there is no output validator in output_validator/ (or output_validators/<name>/)"));
            return new DefaultOutputValidation(false, false, null, null);
        }
        var language = DetectValidatorLanguage(root, program.Value.Directory, program.Value.Files, problems);
        return new CustomOutputValidation(language, program.Value.Directory, program.Value.Files, arguments);
    }

    /// <summary>output_validator/ (2025-09), else the single program in output_validators/ (legacy): a folder or one file.</summary>
    private static (string Directory, IReadOnlyList<string> Files)? FindValidatorProgram(string root, List<PackageProblem> problems)
    {
        string single = Path.Combine(root, "output_validator");
        if (Directory.Exists(single)) return (single, PackageFiles.FilesRecursively(single));

        string legacy = Path.Combine(root, "output_validators");
        var programs = PackageFiles.Directories(legacy).Concat(PackageFiles.Files(legacy)).Order(StringComparer.Ordinal).ToList();
        if (programs.Count == 0) return null;
        if (programs.Count > 1)
            problems.Add(new("output_validators", $"has {programs.Count} validators; this judge supports exactly one"));
        string program = programs[0];
        return Directory.Exists(program) ? (program, PackageFiles.FilesRecursively(program)) : (legacy, [program]);
    }

    private static ValidatorLanguage DetectValidatorLanguage(string root, string directory, IReadOnlyList<string> files, List<PackageProblem> problems)
    {
        string where = PackageFiles.Relative(root, directory);
        var python = files.Where(f => Path.GetExtension(f) == ".py").ToList();
        var cpp = files.Where(f => Path.GetExtension(f) is ".cpp" or ".cc").ToList();
        var unsupported = files
            .Where(f => Path.GetFileName(f) is "build" or "run" || OtherLanguageExtensions.Contains(Path.GetExtension(f)))
            .Select(f => PackageFiles.Relative(root, f))
            .ToList();

        if (unsupported.Count > 0)
            problems.Add(new(where, $"validator language not supported: {string.Join(", ", unsupported)} (this judge runs Python .py and C++ .cpp/.cc validators)"));
        else if (python.Count > 0 && cpp.Count > 0)
            problems.Add(new(where, "validator language not supported: it mixes Python and C++ files"));
        else if (python.Count == 0 && cpp.Count == 0)
            problems.Add(new(where, "validator language not supported: no .py, .cpp or .cc file found"));
        else if (python.Count > 1 && !python.Any(f => Path.GetFileName(f) == "__main__.py"))
            problems.Add(new(where, "a validator with several Python files needs a __main__.py entry point"));
        return cpp.Count > 0 ? ValidatorLanguage.Cpp : ValidatorLanguage.Python;
    }
}
