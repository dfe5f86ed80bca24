using System.Text;
using System.Text.RegularExpressions;
using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>
/// Lists submissions/&lt;folder&gt;/*.py with the verdicts each test case may get. Only single Python files are judged
/// here; other languages and program folders are skipped. The permitted sets come from the spec's default folders,
/// changed by submissions.yaml where it gives <c>permitted</c> for a whole submission.
/// </summary>
internal static class ExampleSubmissionReader
{
    private static readonly Verdict[] AnyVerdict = [Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.RTE];

    // 2025-09 "Default directories".
    private static readonly Dictionary<string, Verdict[]> ModernDefaults = new(StringComparer.Ordinal)
    {
        ["accepted"] = [Verdict.AC],
        ["rejected"] = AnyVerdict,
        ["wrong_answer"] = [Verdict.AC, Verdict.WA],
        ["time_limit_exceeded"] = [Verdict.AC, Verdict.TLE],
        ["run_time_error"] = [Verdict.AC, Verdict.RTE],
        ["brute_force"] = [Verdict.AC, Verdict.RTE, Verdict.TLE],
        ["compiler_error"] = [Verdict.CE], // DOMjudge's folder for programs that must not compile
    };

    // Legacy "Example Submissions": wrong_answer must not be slow or crash; time_limit_exceeded may also be wrong.
    private static readonly Dictionary<string, Verdict[]> LegacyDefaults = new(StringComparer.Ordinal)
    {
        ["accepted"] = [Verdict.AC],
        ["partially_accepted"] = AnyVerdict,
        ["wrong_answer"] = [Verdict.AC, Verdict.WA],
        ["time_limit_exceeded"] = [Verdict.AC, Verdict.WA, Verdict.TLE],
        ["run_time_error"] = AnyVerdict,
        ["compiler_error"] = [Verdict.CE],
    };

    private sealed record Rule(Regex Pattern, bool IsFolderDefault, Verdict[] Permitted);

    public static IReadOnlyList<ExampleSubmission> Read(string packageRoot, bool isLegacy, List<PackageProblem> problems)
    {
        string directory = Path.Combine(packageRoot, "submissions");
        var rules = ReadSubmissionsYaml(packageRoot, problems);
        var defaults = isLegacy ? LegacyDefaults : ModernDefaults;
        var submissions = new List<ExampleSubmission>();
        foreach (string folderPath in PackageFiles.Directories(directory))
        {
            string folder = Path.GetFileName(folderPath);
            foreach (string file in PackageFiles.Files(folderPath).Where(f => f.EndsWith(".py", StringComparison.Ordinal)))
            {
                string relative = $"{folder}/{Path.GetFileName(file)}";
                var folderRule = rules.LastOrDefault(r => r.IsFolderDefault && r.Pattern.IsMatch(folder));
                IEnumerable<Verdict> permitted = folderRule?.Permitted ?? defaults.GetValueOrDefault(folder, AnyVerdict);
                foreach (var rule in rules.Where(r => !r.IsFolderDefault && (r.Pattern.IsMatch(relative) || r.Pattern.IsMatch(folder))))
                    permitted = permitted.Intersect(rule.Permitted);
                submissions.Add(new ExampleSubmission(file, folder, WithKindsOfCrash(permitted)));
            }
        }
        return submissions;
    }

    // The spec only knows AC, WA, TLE and RTE; running out of memory or output space is a kind of crash.
    private static IReadOnlyList<Verdict> WithKindsOfCrash(IEnumerable<Verdict> permitted)
    {
        var verdicts = permitted.ToList();
        if (verdicts.Contains(Verdict.RTE)) verdicts.AddRange([Verdict.MLE, Verdict.OLE]);
        return verdicts.Distinct().Order().ToList();
    }

    /// <summary>
    /// submissions.yaml: a top-level key that is just a folder name replaces that folder's default permitted set;
    /// any other glob (with * and {a,b}) adds its permitted set as a further restriction. Keys for test groups,
    /// required, score, message and use_for_time_limit are not used.
    /// </summary>
    private static List<Rule> ReadSubmissionsYaml(string packageRoot, List<PackageProblem> problems)
    {
        const string file = "submissions/submissions.yaml";
        var rules = new List<Rule>();
        if (!File.Exists(Path.Combine(packageRoot, file))) return rules;
        var yaml = PackageYaml.Load(packageRoot, file, problems);
        if (yaml is null) return rules;
        foreach (string pattern in yaml.Keys)
        {
            var permitted = yaml.Map(pattern)?.Words("permitted");
            if (permitted is null) continue;
            var verdicts = new List<Verdict>();
            foreach (string word in permitted)
            {
                if (word is "AC" or "WA" or "TLE" or "RTE") verdicts.Add(Enum.Parse<Verdict>(word));
                else problems.Add(new(file, $"'{pattern}.permitted' has '{word}'; only AC, WA, TLE and RTE are allowed"));
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
