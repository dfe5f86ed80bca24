using System.Text;
using System.Text.RegularExpressions;
using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>
/// Lists submissions/&lt;folder&gt;/*.py with the verdicts each test case may get and the verdicts at least one must get.
/// Only single Python files are judged here; other languages and program folders are skipped. The permitted sets come
/// from the spec's default folders and DOMjudge's result-named folders, from a DOMjudge <c>@EXPECTED_RESULTS@:</c>
/// line in any other folder (mixed/, multiple/ ...), and are narrowed by submissions.yaml where it gives
/// <c>permitted</c> for a whole submission.
/// </summary>
internal static class ExampleSubmissionReader
{
    private static readonly Verdict[] AnyVerdict = [Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RTE];

    private sealed record Expectation(Verdict[] Permitted, Verdict[] Required);

    private static Expectation Single(Verdict verdict) => new([Verdict.AC, verdict], [verdict]);
    private static readonly Expectation Accepted = new([Verdict.AC], []);
    private static readonly Expectation CompilerError = new([Verdict.CE], [Verdict.CE]);

    // 2025-09 "Default directories": what each test may get, and what at least one must get.
    private static readonly Dictionary<string, Expectation> ModernDefaults = new(StringComparer.Ordinal)
    {
        ["accepted"] = Accepted,
        ["rejected"] = new(AnyVerdict, [Verdict.WA, Verdict.TLE, Verdict.RTE]),
        ["wrong_answer"] = Single(Verdict.WA),
        ["time_limit_exceeded"] = Single(Verdict.TLE),
        ["run_time_error"] = Single(Verdict.RTE),
        ["brute_force"] = new([Verdict.AC, Verdict.RTE, Verdict.TLE], [Verdict.TLE, Verdict.RTE]),
        ["compiler_error"] = CompilerError,
    };

    // Legacy "Example Submissions": wrong_answer must not be slow or crash; time_limit_exceeded may also be wrong.
    private static readonly Dictionary<string, Expectation> LegacyDefaults = new(StringComparer.Ordinal)
    {
        ["accepted"] = Accepted,
        ["partially_accepted"] = new(AnyVerdict, []),
        ["wrong_answer"] = Single(Verdict.WA),
        ["time_limit_exceeded"] = new([Verdict.AC, Verdict.WA, Verdict.TLE], [Verdict.TLE]),
        ["run_time_error"] = new(AnyVerdict, [Verdict.RTE]),
        ["compiler_error"] = CompilerError,
        // Kept as the judge read them before it knew the 2025-09 names in legacy packages.
        ["rejected"] = new(AnyVerdict, [Verdict.WA, Verdict.TLE, Verdict.RTE]),
        ["brute_force"] = new(AnyVerdict, [Verdict.TLE, Verdict.RTE]),
    };

    // DOMjudge's import reads a folder's name as the expected result: its result names as folder names (either
    // spelling), no_output/ for programs that print nothing (a wrong answer here), check_manually/ for a person to look at.
    private static readonly Dictionary<string, Expectation> DomjudgeFolders = new(StringComparer.Ordinal)
    {
        ["correct"] = Accepted,
        ["wrong-answer"] = Single(Verdict.WA),
        ["no-output"] = Single(Verdict.WA),
        ["no_output"] = Single(Verdict.WA),
        ["timelimit"] = Single(Verdict.TLE),
        ["run-error"] = Single(Verdict.RTE),
        ["memory-limit"] = Single(Verdict.MLE),
        ["memory_limit"] = Single(Verdict.MLE),
        ["output-limit"] = Single(Verdict.OLE),
        ["output_limit"] = Single(Verdict.OLE),
        ["compiler-error"] = CompilerError,
        ["check_manually"] = new(AnyVerdict, []),
        ["check-manually"] = new(AnyVerdict, []),
    };

    // DOMjudge ignores @EXPECTED_RESULTS@ in the four folders of the ICPC format (its manual); BAPCtools warns that it is.
    private static readonly HashSet<string> FoldersThatDecide = new(StringComparer.Ordinal)
        { "accepted", "wrong_answer", "time_limit_exceeded", "run_time_error" };

    private sealed record Rule(Regex Pattern, bool IsFolderDefault, Verdict[] Permitted);

    public static IReadOnlyList<ExampleSubmission> Read(string packageRoot, bool isLegacy, List<PackageIssue> errors,
        List<PackageIssue> warnings)
    {
        string directory = Path.Combine(packageRoot, "submissions");
        var rules = ReadSubmissionsYaml(packageRoot, errors, out var entryPoints);
        var defaults = isLegacy ? LegacyDefaults : ModernDefaults;
        var submissions = new List<ExampleSubmission>();
        foreach (string folderPath in PackageFiles.Directories(directory))
        {
            string folder = Path.GetFileName(folderPath);
            var folderExpectation = defaults.GetValueOrDefault(folder) ?? DomjudgeFolders.GetValueOrDefault(folder);
            var programs = PackageFiles.Files(folderPath).Where(f => f.EndsWith(".py", StringComparison.Ordinal))
                .Select(f => (Path: f, Entry: f, Files: (IReadOnlyList<string>)[f]))
                .Concat(PackageFiles.Directories(folderPath).Select(d => MultiFile(d, $"{folder}/{Path.GetFileName(d)}", entryPoints, warnings))
                    .Where(p => p is not null).Select(p => p!.Value))
                .OrderBy(p => p.Path, StringComparer.Ordinal);
            foreach (var (file, entry, files) in programs)
            {
                string relative = $"{folder}/{Path.GetFileName(file)}";
                // DOMjudge reads the tag from the submission's files; the entry point's comes first.
                var annotation = files.Prepend(entry).Distinct().Select(f => ExpectedResults.Find(File.ReadAllText(f))).FirstOrDefault(a => a is not null);
                foreach (string unknown in annotation?.Unknown ?? [])
                    warnings.Add(new($"submissions/{relative}", $"@EXPECTED_RESULTS@ names '{unknown}', which is not a DOMjudge result; it is ignored"));
                var expectation = folderExpectation ?? new(AnyVerdict, []);
                string? honoured = null;
                bool folderDecides = FoldersThatDecide.Contains(folder) || folder == "compiler_error" || DomjudgeFolders.ContainsKey(folder);
                if (annotation is { Duplicate: true })
                {
                    warnings.Add(new($"submissions/{relative}", "has more than one @EXPECTED_RESULTS@ line: all are ignored, as DOMjudge does"));
                }
                else if (annotation is { NamesAResult: true } && !folderDecides)
                {
                    var listed = annotation.Verdicts;
                    expectation = annotation.AnyVerdict ? new(AnyVerdict, [])
                        : new([.. listed.Append(Verdict.AC).Distinct()], listed.Contains(Verdict.AC) ? [] : [.. listed]);
                    honoured = annotation.Text;
                }
                else if (annotation is { Verdicts.Count: > 0 } && !annotation.AnyVerdict
                         && !annotation.Verdicts.Any((expectation.Required.Length > 0 ? expectation.Required : expectation.Permitted).Contains))
                {
                    warnings.Add(new($"submissions/{relative}", $"'@EXPECTED_RESULTS@: {annotation.Text}' does not match its folder {folder}/, which " +
                                                                "decides (DOMjudge ignores the line in the format's own folders)"));
                }
                var folderRule = rules.LastOrDefault(r => r.IsFolderDefault && r.Pattern.IsMatch(folder));
                IEnumerable<Verdict> permitted = folderRule?.Permitted ?? expectation.Permitted;
                foreach (var rule in rules.Where(r => !r.IsFolderDefault && (r.Pattern.IsMatch(relative) || r.Pattern.IsMatch(folder))))
                    permitted = permitted.Intersect(rule.Permitted);
                submissions.Add(new ExampleSubmission(file, folder, WithKindsOfCrash(permitted))
                {
                    Entry = entry,
                    Files = files,
                    RequiredVerdicts = WithKindsOfCrash(expectation.Required),
                    ExpectedResults = honoured,
                });
            }
        }
        return submissions;
    }

    /// <summary>
    /// A folder of Python files is one submission. Its entry point: <c>entrypoint</c> in submissions.yaml (BAPCtools),
    /// else the first file, in name order, whose name starts with "main" (BAPCtools; problemtools takes main.*), else
    /// the first file in name order (both tools). Only the .py files are uploaded (problemtools' Python takes *.py).
    /// </summary>
    private static (string Path, string Entry, IReadOnlyList<string> Files)? MultiFile(string directory, string relative,
        IReadOnlyDictionary<string, string> entryPoints, List<PackageIssue> warnings)
    {
        var files = PackageFiles.FilesRecursively(directory).Where(f => f.EndsWith(".py", StringComparison.Ordinal))
            .OrderBy(f => PackageFiles.Relative(directory, f), StringComparer.Ordinal).ToList();
        if (files.Count == 0) return null;
        string? entry = null;
        if (entryPoints.TryGetValue(relative, out var named))
        {
            entry = files.FirstOrDefault(f => PackageFiles.Relative(directory, f) == named);
            if (entry is null) warnings.Add(new($"submissions/{relative}", $"entrypoint '{named}' (submissions.yaml) is not one of its Python files"));
        }
        var topLevel = files.Where(f => Path.GetDirectoryName(f) == directory).ToList();
        entry ??= topLevel.FirstOrDefault(f => Path.GetFileName(f).StartsWith("main", StringComparison.OrdinalIgnoreCase))
                  ?? topLevel.FirstOrDefault() ?? files[0];
        return (directory, entry, files);
    }

    // The spec only knows AC, WA, TLE and RTE; running out of memory or output space is a kind of crash.
    private static IReadOnlyList<Verdict> WithKindsOfCrash(IEnumerable<Verdict> verdicts)
    {
        var list = verdicts.ToList();
        if (list.Contains(Verdict.RTE)) list.AddRange([Verdict.MLE, Verdict.OLE]);
        return list.Distinct().Order().ToList();
    }

    /// <summary>
    /// submissions.yaml: a top-level key that is just a folder name replaces that folder's default permitted set;
    /// any other glob (with * and {a,b}) adds its permitted set as a further restriction. Keys for test groups,
    /// required, score, message and use_for_time_limit are not used.
    /// </summary>
    private static List<Rule> ReadSubmissionsYaml(string packageRoot, List<PackageIssue> errors, out Dictionary<string, string> entryPoints)
    {
        const string file = "submissions/submissions.yaml";
        var rules = new List<Rule>();
        entryPoints = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(Path.Combine(packageRoot, file))) return rules;
        var yaml = PackageYaml.Load(packageRoot, file, errors);
        if (yaml is null) return rules;
        foreach (string pattern in yaml.Keys)
        {
            if (yaml.Map(pattern)?.String("entrypoint") is { } entryPoint) entryPoints[pattern] = entryPoint;
            var permitted = yaml.Map(pattern)?.Words("permitted");
            if (permitted is null) continue;
            var verdicts = new List<Verdict>();
            foreach (string word in permitted)
            {
                if (word is "AC" or "WA" or "TLE" or "RTE") verdicts.Add(Enum.Parse<Verdict>(word));
                else errors.Add(new(file, $"'{pattern}.permitted' has '{word}'; only AC, WA, TLE and RTE are allowed"));
            }
            bool isFolderName = !pattern.Contains('/') && !pattern.Contains('*') && !pattern.Contains('{');
            rules.Add(new Rule(GlobToRegex(pattern), isFolderName, [.. verdicts]));
        }
        return rules;
    }

    // Spec "Glob patterns": * matches within one path segment, braces expand, nothing else is special.
    private static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        int braceDepth = 0;
        foreach (char c in glob)
        {
            if (c == '*') pattern.Append("[^/]*");
            else if (c == '{') { braceDepth++; pattern.Append("(?:"); }
            else if (c == '}' && braceDepth > 0) { braceDepth--; pattern.Append(')'); }
            else if (c == ',' && braceDepth > 0) pattern.Append('|');
            else pattern.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
