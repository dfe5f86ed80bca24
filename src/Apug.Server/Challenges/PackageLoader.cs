namespace Apug.Server.Challenges;

/// <summary>
/// Loads one Kattis problem package folder, 2025-09 or legacy layout, into a ChallengePackage, or reports every
/// problem found (file relative to the package + reason) so an organiser can fix them all in one go.
/// </summary>
public static class PackageLoader
{
    private static readonly HashSet<string> UnsupportedTypes = new(StringComparer.Ordinal) { "multi-pass", "submit-answer" };

    // Source files of languages the sandbox cannot run as validators (from the spec's languages table).
    private static readonly HashSet<string> OtherLanguageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".java", ".kt", ".rs", ".go", ".js", ".ts", ".rb", ".hs", ".cs", ".fs", ".vb", ".sh", ".pl", ".php",
        ".scala", ".ml", ".pas", ".lua", ".swift", ".f90", ".f", ".m", ".cob", ".erl", ".ex", ".exs", ".clj",
        ".lisp", ".jl", ".r", ".d", ".nim", ".zig", ".dart", ".groovy", ".py2", ".ctd", ".viva", ".jar",
    };

    public static PackageLoadResult Load(string packageDirectory, PackageDefaults defaults)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packageDirectory));
        if (!Directory.Exists(root)) return new(null, [new("", $"the package folder {root} does not exist")]);
        var errors = new List<PackageIssue>();
        var warnings = new List<PackageIssue>();
        try
        {
            var package = Read(root, defaults, errors, warnings);
            return errors.Count == 0
                ? new(package with { Warnings = warnings.Distinct().ToList() }, [])
                : new(null, errors.Distinct().ToList()) { Warnings = warnings.Distinct().ToList() };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new("", $"cannot read the package: {e.Message}"));
            return new(null, errors.Distinct().ToList());
        }
    }

    private static ChallengePackage Read(string root, PackageDefaults defaults, List<PackageIssue> errors, List<PackageIssue> warnings)
    {
        string id = Path.GetFileName(root);
        var metadata = ReadProblemYaml(root, errors);
        var format = PackageFormats.Parse(metadata.String("problem_format_version"), out string? versionWarning);
        if (versionWarning is not null) warnings.Add(new("problem.yaml", versionWarning));
        bool isLegacy = format == PackageFormat.Legacy;
        var (type, notJudged, interactive) = ReadType(metadata, errors);
        var (customValidationRequested, legacyNotJudged, legacyInteractive) = ReadValidationKey(metadata, errors);
        notJudged ??= legacyNotJudged;
        interactive |= legacyInteractive;
        if (notJudged is not null) warnings.Add(new("problem.yaml", $"{notJudged}: the problem is listed, but submissions to it are refused"));
        string name = ReadName(metadata) ?? StatementReader.LatexProblemName(root) ?? id;
        var limits = ReadLimits(root, metadata, defaults, errors);
        var constants = ReadConstants(metadata);
        var statement = StatementReader.Read(root, constants, warnings);
        var (generated, pending) = FindGeneratedData(root, id, defaults, warnings);
        var testData = PackageTestData.Load(root, format, type, metadata, errors, warnings, generated, pending && notJudged is null);
        // A multi-pass validator is never run here, so whatever language it is in does not matter. An interactive
        // problem's output validator is its interactor: it must be there.
        var validation = notJudged is null
            ? ReadOutputValidation(root, metadata, isLegacy, customValidationRequested || interactive, testData.ValidatorArguments, errors, warnings, interactive)
            : new DefaultOutputValidation(false, false, null, null);
        if (interactive && errors.FirstOrDefault(p => p.Reason.StartsWith(UnsupportedValidatorLanguage, StringComparison.Ordinal)) is { } unrunnable)
        {
            // An interactor built or run by scripts (BAPCtools' build/run) or in another language: the problem is
            // listed with its statement, as an interactive problem was before this judge ran interactors.
            errors.Remove(unrunnable);
            notJudged = $"its interactor cannot run here ({unrunnable.Reason})";
            warnings.Add(new(unrunnable.File, $"{unrunnable.Reason}: the problem is listed, but submissions to it are refused"));
            validation = new DefaultOutputValidation(false, false, null, null);
        }
        var submissions = ExampleSubmissionReader.Read(root, isLegacy, errors, warnings);
        var hints = HintReader.Read(root, warnings);
        string hash = errors.Count == 0 ? ContentHash.Compute(root) : "";
        if (testData.Tests.Count == 0) notJudged ??= NoTestData;
        return new ChallengePackage(id, name, type, limits, statement, testData.Tests, testData.Root, validation, submissions, hash, root)
        {
            DataDirectory = generated ?? root,
            Format = format,
            NotJudgedReason = notJudged,
            Interactive = interactive,
            Interactions = interactive ? ReadInteractions(root) : new Dictionary<string, string>(),
            Constants = constants,
            Hints = hints,
        };
    }

    /// <summary>Why a package without a single test case is listed but refused (no data/, or generation not done yet).</summary>
    public const string NoTestData = "this challenge has no test data yet";

    private const string UnsupportedValidatorLanguage = "validator language not supported";

    /// <summary>
    /// The cached data/ that TestDataGenerator made for this version of the package, with its warnings; or, when it must
    /// be generated and is not yet, Pending (the package then has no tests until it is).
    /// </summary>
    private static (string? Folder, bool Pending) FindGeneratedData(string root, string id, PackageDefaults defaults, List<PackageIssue> warnings)
    {
        if (defaults.GeneratedDataPath is null || !Generators.TestDataGenerator.IsNeeded(root)) return (null, false);
        var folder = Generators.TestDataGenerator.CacheFolder(defaults.GeneratedDataPath, id, ContentHash.Compute(root));
        if (Generators.TestDataGenerator.ReadCached(folder) is not { } result) return (null, true);
        foreach (var warning in result.Warnings) warnings.Add(new(Generators.GeneratorsPlan.File, warning));
        return (folder, false);
    }

    private static PackageYaml ReadProblemYaml(string root, List<PackageIssue> errors)
    {
        if (!File.Exists(Path.Combine(root, "problem.yaml")))
        {
            errors.Add(new("problem.yaml", "missing: every package needs a problem.yaml"));
            return PackageYaml.Empty("problem.yaml", errors);
        }
        return PackageYaml.Load(root, "problem.yaml", errors) ?? PackageYaml.Empty("problem.yaml", errors);
    }

    /// <summary>
    /// type: a string (legacy) or a list (2025-09); scoring wins. Interactive, multi-pass and submit-answer problems
    /// load (they are listed), with the reason they are not judged.
    /// </summary>
    private static (ProblemType Type, string? NotJudged, bool Interactive) ReadType(PackageYaml metadata, List<PackageIssue> errors)
    {
        var types = metadata.Words("type");
        if (types is null) return (ProblemType.PassFail, null, false);
        foreach (string type in types.Where(t => !UnsupportedTypes.Contains(t) && t is not ("pass-fail" or "scoring" or "interactive")))
            metadata.Report("type", $"has unknown value '{type}'");
        if (types.Contains("scoring") && types.Contains("pass-fail"))
            metadata.Report("type", "cannot be both pass-fail and scoring");
        var unsupported = types.Where(UnsupportedTypes.Contains).ToList();
        string? notJudged = unsupported.Count == 0 ? null : $"{string.Join(" and ", unsupported)} problems are not supported yet";
        return (types.Contains("scoring") ? ProblemType.Scoring : ProblemType.PassFail, notJudged, types.Contains("interactive"));
    }

    /// <summary>
    /// Legacy <c>validation: default | custom [score] [interactive] [multi-pass]</c>: whether it is custom, and the
    /// reason it cannot be judged for interactive and multi-pass.
    /// </summary>
    private static (bool Custom, string? NotJudged, bool Interactive) ReadValidationKey(PackageYaml metadata, List<PackageIssue> errors)
    {
        var words = metadata.Words("validation");
        if (words is null || words.Count == 0) return (false, null, false);
        if (words[0] is not ("default" or "custom"))
            metadata.Report("validation", $"must start with default or custom, not '{words[0]}'");
        foreach (string word in words.Skip(1).Where(w => w is not ("score" or "interactive" or "multi-pass")))
            metadata.Report("validation", $"has unknown option '{word}'");
        var unsupported = words.Skip(1).Where(w => w is "multi-pass").ToList();
        return (words[0] == "custom", unsupported.Count == 0 ? null : $"{string.Join(" and ", unsupported)} problems are not supported yet",
            words.Skip(1).Contains("interactive"));
    }

    /// <summary>data/sample/**/*.interaction by sample name ("sample/1"): what the page replays in the browser.</summary>
    private static Dictionary<string, string> ReadInteractions(string root)
    {
        var sample = Path.Combine(root, "data", "sample");
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(sample)) return found;
        foreach (var file in Directory.EnumerateFiles(sample, "*.interaction", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = PackageFiles.Relative(Path.Combine(root, "data"), file);
            found[relative[..^".interaction".Length]] = File.ReadAllText(file);
        }
        return found;
    }

    /// <summary>name: a string, or a map of language to string (English preferred, else the first).</summary>
    private static string? ReadName(PackageYaml metadata)
    {
        string? name = metadata.Raw("name") is string ? metadata.String("name")
            : metadata.Map("name") is { } names ? names.String("en") ?? names.Keys.Select(names.String).FirstOrDefault(n => n is not null)
            : null;
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    /// <summary>2025-09 constants: "name" (= "name.value") and "name.variant" for each variant key.</summary>
    private static IReadOnlyDictionary<string, string> ReadConstants(PackageYaml metadata)
    {
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.Map("constants") is not { } map) return constants;
        foreach (string key in map.Keys)
        {
            if (map.Raw(key) is Dictionary<object, object?> && map.Map(key) is { } variants)
            {
                foreach (string variant in variants.Keys)
                    if (variants.String(variant) is { } text) constants[$"{key}.{variant}"] = text;
                if (constants.TryGetValue($"{key}.value", out string? value)) constants[key] = value;
            }
            else if (map.String(key) is { } value)
            {
                constants[key] = value;
                constants[$"{key}.value"] = value;
            }
        }
        return constants;
    }

    /// <summary>Time limit: limits.time_limit, else the DOMjudge/BAPCtools .timelimit file, else the configured default.</summary>
    private static ChallengeLimits ReadLimits(string root, PackageYaml metadata, PackageDefaults defaults, List<PackageIssue> errors)
    {
        var limits = metadata.Map("limits") ?? PackageYaml.Empty(metadata.RelativePath, errors);
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
                errors.Add(new(".timelimit", $"must contain a number of seconds above 0, not '{text}'"));
        }
        int? memory = limits.PositiveInteger("memory"), output = limits.PositiveInteger("output");
        return new ChallengeLimits(timeLimit.Item1, timeLimit.Item2, memory ?? defaults.MemoryMiB, output ?? defaults.OutputMiB, limits.PositiveInteger("code"))
        {
            MemorySource = memory is null ? LimitSource.Default : LimitSource.ProblemYaml,
            OutputSource = output is null ? LimitSource.Default : LimitSource.ProblemYaml,
        };
    }

    /// <summary>
    /// Default validator with its flags, or the one custom validator. Arguments are problem.yaml validator_flags
    /// followed by the test data's output_validator_args; they must be the same for every test case, because the
    /// package has one OutputValidation.
    /// </summary>
    private static OutputValidation ReadOutputValidation(
        string root, PackageYaml metadata, bool isLegacy, bool customRequested,
        IReadOnlyList<TestValidatorArguments> testArguments, List<PackageIssue> errors, List<PackageIssue> warnings,
        bool interactive = false)
    {
        var first = testArguments.FirstOrDefault();
        var differing = testArguments.FirstOrDefault(a => !a.Arguments.SequenceEqual(first!.Arguments));
        var flagsFromYaml = metadata.Words("validator_flags") ?? [];
        var arguments = flagsFromYaml.Concat(first?.Arguments ?? []).ToList();

        var program = FindValidatorProgram(root, errors, warnings);
        // Legacy packages use a custom validator only when problem.yaml says validation: custom.
        bool useCustom = customRequested || (!isLegacy && program is not null);
        if (!useCustom)
        {
            if (program is not null)
                warnings.Add(new(PackageFiles.Relative(root, program.Directory), "not used: problem.yaml does not say 'validation: custom', so the default output validator checks answers"));
            if (!DefaultOutputValidator.TryParseFlags(arguments, out var flags, out string? error))
            {
                errors.Add(new(first?.Arguments.Count > 0 ? first.SourceFile ?? "problem.yaml" : "problem.yaml", error));
                return new DefaultOutputValidation(false, false, null, null);
            }
            if (differing is null) return flags;
            // Groups with their own output_validator_args (float_tolerance for one group): the default validator is
            // ours, so each test case can get its own flags.
            var byTest = new Dictionary<string, DefaultOutputValidation>(StringComparer.Ordinal);
            foreach (var own in testArguments.Where(a => !a.Arguments.SequenceEqual(first!.Arguments)))
            {
                if (DefaultOutputValidator.TryParseFlags(flagsFromYaml.Concat(own.Arguments).ToList(), out var ownFlags, out string? ownError))
                    byTest[own.Test.Name] = ownFlags;
                else
                    errors.Add(new(own.SourceFile ?? "problem.yaml", ownError));
            }
            return flags with { ByTest = byTest };
        }
        if (first is not null && differing is not null)
            errors.Add(new(differing.SourceFile ?? first.SourceFile ?? "data",
                $"output validator arguments differ between test cases ('{first.Test.Name}' has [{string.Join(' ', first.Arguments)}], " +
                $"'{differing.Test.Name}' has [{string.Join(' ', differing.Arguments)}]); this judge supports one set per package for a custom validator"));
        if (program is null)
        {
            errors.Add(new("problem.yaml", interactive
                ? "the problem is interactive but there is no interactor: put it (the output validator) in output_validator/ (or output_validators/<name>/)"
                : "validation is custom but there is no output validator in output_validator/ (or output_validators/<name>/)"));
            return new DefaultOutputValidation(false, false, null, null);
        }
        var language = DetectValidatorLanguage(root, program.Directory, program.Sources, errors);
        return new CustomOutputValidation(language, program.Directory, program.Sources, arguments) { Files = program.Files };
    }

    // What a validator program may be written in (the sandbox runs Python and compiles C and C++).
    private static readonly HashSet<string> ValidatorSourceExtensions = new(StringComparer.OrdinalIgnoreCase) { ".py", ".cpp", ".cc", ".cxx", ".c" };

    private static bool IsProgramFile(string path) =>
        ValidatorSourceExtensions.Contains(Path.GetExtension(path)) || OtherLanguageExtensions.Contains(Path.GetExtension(path))
        || Path.GetFileName(path) is "build" or "run";

    /// <summary>The validator's folder (uploaded as it is), every file in it, and the files that make up the program.</summary>
    private sealed record ValidatorProgram(string Directory, IReadOnlyList<string> Files, IReadOnlyList<string> Sources);

    /// <summary>
    /// output_validator/ (2025-09; problemtools' 2023-07 packages put one program folder inside it), else
    /// output_validators/ (legacy): the one program folder, or the one source file, beside which stray files
    /// (templates, READMEs) are ignored with a warning.
    /// </summary>
    private static ValidatorProgram? FindValidatorProgram(string root, List<PackageIssue> errors, List<PackageIssue> warnings)
    {
        string single = Path.Combine(root, "output_validator");
        if (Directory.Exists(single))
        {
            var files = PackageFiles.Files(single);
            var folders = PackageFiles.Directories(single);
            if (files.Count == 0 && folders.Count == 1) single = folders[0];
            else if (files.Count == 0 && folders.Count == 0)
            {
                warnings.Add(new("output_validator", "is empty and ignored: the default output validator checks answers"));
                return null;
            }
            var all = PackageFiles.FilesRecursively(single);
            return new ValidatorProgram(single, all, all);
        }

        string legacy = Path.Combine(root, "output_validators");
        var programFolders = PackageFiles.Directories(legacy).Where(d => PackageFiles.FilesRecursively(d).Any(IsProgramFile)).ToList();
        var looseFiles = PackageFiles.Files(legacy);
        var looseSources = looseFiles.Where(IsProgramFile).ToList();
        var candidates = programFolders.Count > 0 ? programFolders : looseSources;
        if (candidates.Count == 0)
        {
            if (looseFiles.Count > 0 || PackageFiles.Directories(legacy).Count > 0)
                warnings.Add(new("output_validators", "holds no validator program and is ignored"));
            return null;
        }
        if (candidates.Count > 1)
        {
            errors.Add(new("output_validators", $"has {candidates.Count} validator programs ({string.Join(", ", candidates.Select(Path.GetFileName))}); this judge supports exactly one"));
            return null;
        }
        string program = candidates[0];
        var strays = (programFolders.Count > 0 ? looseFiles : looseFiles.Where(f => f != program)).Select(f => PackageFiles.Relative(root, f)).ToList();
        if (strays.Count > 0)
            warnings.Add(new("output_validators", $"ignored beside the validator {PackageFiles.Relative(root, program)}: {string.Join(", ", strays)}"));
        if (Directory.Exists(program))
        {
            var all = PackageFiles.FilesRecursively(program);
            return new ValidatorProgram(program, all, all);
        }
        // A single-file validator: its folder's other files (headers beside it) are uploaded too.
        return new ValidatorProgram(legacy, looseFiles, [program]);
    }

    private static ValidatorLanguage DetectValidatorLanguage(string root, string directory, IReadOnlyList<string> files, List<PackageIssue> errors)
    {
        string where = PackageFiles.Relative(root, directory);
        var python = files.Where(f => Path.GetExtension(f) == ".py").ToList();
        var cpp = files.Where(f => Path.GetExtension(f) is ".cpp" or ".cc" or ".cxx").ToList();
        var c = files.Where(f => Path.GetExtension(f) == ".c").ToList();
        var unsupported = files
            .Where(f => Path.GetFileName(f) is "build" or "run" || OtherLanguageExtensions.Contains(Path.GetExtension(f)))
            .Select(f => PackageFiles.Relative(root, f))
            .ToList();

        if (unsupported.Count > 0)
            errors.Add(new(where, $"{UnsupportedValidatorLanguage}: {string.Join(", ", unsupported)} (this judge runs Python .py, C++ .cpp/.cc and C .c validators)"));
        else if (python.Count > 0 && cpp.Count + c.Count > 0)
            errors.Add(new(where, "validator language not supported: it mixes Python and C/C++ files"));
        else if (python.Count == 0 && cpp.Count == 0 && c.Count == 0)
            errors.Add(new(where, "validator language not supported: no .py, .cpp, .cc or .c file found"));
        else if (python.Count > 1 && !python.Any(f => Path.GetFileName(f) is "__main__.py" or "validator.py" or "output_validator.py" or "validate.py" or "main.py"))
            errors.Add(new(where, "a validator with several Python files needs a __main__.py (or validate.py) entry point"));
        return cpp.Count > 0 ? ValidatorLanguage.Cpp : c.Count > 0 ? ValidatorLanguage.C : ValidatorLanguage.Python;
    }
}
