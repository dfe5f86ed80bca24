using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Apug.Server.Challenges.Generators;

/// <summary>Where a generated file's bytes come from.</summary>
public abstract record CaseSource;

/// <summary>Text written in generators.yaml itself (<c>in: 1 2</c>); BAPCtools ends it with a newline.</summary>
public sealed record InlineSource(string Text) : CaseSource;

/// <summary><c>copy: path</c>: a file of the package, relative to generators/.</summary>
public sealed record CopySource(string PackageRelativePath) : CaseSource;

/// <summary><c>generate: program args</c>: a program of generators/ run in the sandbox; its stdout is the file.</summary>
public sealed record GenerateSource(GeneratorProgram Program, IReadOnlyList<string> Arguments, string Command) : CaseSource;

/// <summary>The model solution run on the generated input: its stdout is the answer.</summary>
public sealed record SolutionSource(string PackageRelativePath) : CaseSource;

/// <summary>A generator program: its entry file and the files it needs, relative to the package.</summary>
public sealed record GeneratorProgram(string Name, string Entry, IReadOnlyList<string> Files);

/// <summary>One test case to make: its path under data/ ("secret/1-small/01-random"), its input, answer and .yaml.</summary>
public sealed record PlannedCase(string Path, CaseSource Input, CaseSource? Answer, string? Yaml);

/// <summary>
/// What generators/generators.yaml asks for, in the subset this judge runs: sample/ and secret/ directories (dict or
/// numbered list), test_group.yaml, include, solution, random_salt, the top-level generators map, and test cases as
/// inline in/ans/yaml, copy, or a generate command with {seed}, {seed:N}, {name}, {count}, count and {{constants}};
/// answers not given come from the solution (solution:, else the first submissions/accepted/*.py).
/// Not supported (each is a warning): invalid_* and valid_output (BAPCtools' validator self-tests, not test data),
/// files a generator writes instead of stdout, retries, visualizers, .statement/.download files (not used for judging).
/// </summary>
public sealed record GeneratorsPlan(IReadOnlyList<PlannedCase> Cases, IReadOnlyDictionary<string, string> GroupFiles, IReadOnlyList<string> Warnings)
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();
    private static readonly ISerializer Serializer = new SerializerBuilder().Build();
    private static readonly string[] RootDirectories = ["sample", "secret"];
    private static readonly string[] IgnoredRootDirectories = ["invalid_input", "invalid_answer", "invalid_output", "valid_output"];
    private static readonly string[] TestCaseKeys =
        ["copy", "generate", "count", "match", "in", "ans", "out", "in.statement", "ans.statement", "in.download", "ans.download", "interaction", "yaml"];
    private static readonly Regex Seed = new(@"\{seed(:[0-9]+)?\}", RegexOptions.CultureInvariant);
    private static readonly Regex CountRange = new(@"^(-?\d+)\.\.=(-?\d+)$", RegexOptions.CultureInvariant);

    public const string File = "generators/generators.yaml";

    /// <summary>Reads the plan; a file that is not YAML gives an empty plan and a warning.</summary>
    public static GeneratorsPlan Read(string packageRoot, Func<string, string> substituteConstants)
    {
        var parser = new Parser(packageRoot, substituteConstants);
        object? document;
        try
        {
            document = Deserializer.Deserialize<object?>(System.IO.File.ReadAllText(System.IO.Path.Combine(packageRoot, File)));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or IOException)
        {
            return new([], new Dictionary<string, string>(), [$"cannot be read: {e.Message}"]);
        }
        if (document is not Dictionary<object, object?> root)
            return new([], new Dictionary<string, string>(), ["its top level must be a map"]);
        parser.ParseRoot(root);
        return new(parser.Cases, parser.GroupFiles, parser.Warnings);
    }

    /// <summary>BAPCtools' seed: SHA-512 of salt, ":count-1" when count ≠ 1, and the stripped command, mod 2^31.</summary>
    public static long SeedOf(string salt, int count, string command)
    {
        var text = salt + (count != 1 ? $":{count - 1}" : "") + command.Trim();
        var digest = SHA512.HashData(Encoding.UTF8.GetBytes(text));
        return (long)(new BigInteger(digest, isUnsigned: true, isBigEndian: true) % (BigInteger.One << 31));
    }

    private sealed class Parser(string packageRoot, Func<string, string> substituteConstants)
    {
        public List<PlannedCase> Cases { get; } = [];
        public Dictionary<string, string> GroupFiles { get; } = new(StringComparer.Ordinal);
        public List<string> Warnings { get; } = [];

        // Keys seen so far (test case or directory key → the cases it stands for), for include.
        private readonly Dictionary<string, List<List<PlannedCase>>> known = new(StringComparer.Ordinal);
        private readonly Dictionary<string, GeneratorProgram> namedPrograms = new(StringComparer.Ordinal);
        private int nextCaseNumber = 1;
        private int numberedCaseCount;

        public void ParseRoot(Dictionary<object, object?> root)
        {
            if (root.TryGetValue("generators", out var programs) && programs is Dictionary<object, object?> map)
                foreach (var (name, files) in map)
                    if (files is List<object?> list && list.Count > 0)
                    {
                        var relative = list.Select(f => $"generators/{f}").ToList();
                        namedPrograms[name.ToString()!] = new(name.ToString()!, relative[0], relative);
                    }
            if (root.ContainsKey("visualizer")) Warnings.Add("'visualizer' is not run (pictures are not needed for judging)");
            numberedCaseCount = CountNumbered(root);
            // Without solution:, BAPCtools takes an accepted submission (at random, then remembers it): here the first by name.
            var accepted = Path.Combine(packageRoot, "submissions", "accepted");
            var model = Directory.Exists(accepted)
                ? PackageFiles.Files(accepted).Where(f => f.EndsWith(".py", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault()
                : null;
            var defaults = Settings.Default with { Solution = model is null ? null : PackageFiles.Relative(packageRoot, model) };
            ParseDirectory("", root, defaults.With(root, Warnings), [], isRoot: true);
        }

        private sealed record Settings(string? Solution, string Salt)
        {
            public static readonly Settings Default = new(null, "");

            public Settings With(Dictionary<object, object?> yaml, List<string> warnings)
            {
                var solution = Solution;
                if (yaml.TryGetValue("solution", out var value))
                    solution = value is null or "" ? "" : value.ToString()!.TrimStart('/');
                var salt = yaml.TryGetValue("random_salt", out var s) && s is not null ? s.ToString()! : Salt;
                if (yaml.ContainsKey("retries")) warnings.Add("'retries' is not supported: each generator runs once");
                return new(solution, salt);
            }
        }

        private static bool IsTestCase(object? yaml) =>
            yaml is null or string || (yaml is Dictionary<object, object?> map && TestCaseKeys.Any(k => map.ContainsKey(k)));

        private static bool IsDirectory(object? yaml) => yaml is Dictionary<object, object?> && !IsTestCase(yaml);

        private static int CountNumbered(Dictionary<object, object?> yaml)
        {
            var data = yaml.GetValueOrDefault("data");
            bool numbered = data is List<object?>;
            var entries = data is List<object?> list ? list : data is Dictionary<object, object?> ? [data] : [];
            int total = 0;
            foreach (var entry in entries.OfType<Dictionary<object, object?>>())
                foreach (var child in entry.Values)
                {
                    if (IsTestCase(child) && numbered) total += CountValues(child).Count;
                    else if (IsDirectory(child)) total += CountNumbered((Dictionary<object, object?>)child!);
                }
            return total;
        }

        private static List<int> CountValues(object? yaml)
        {
            if (yaml is not Dictionary<object, object?> map || !map.TryGetValue("count", out var count)) return [1];
            return count switch
            {
                List<object?> items => items.Select(i => int.TryParse(i?.ToString(), out var v) ? v : 1).ToList(),
                string text when CountRange.Match(text) is { Success: true } m =>
                    Enumerable.Range(int.Parse(m.Groups[1].Value), Math.Max(0, int.Parse(m.Groups[2].Value) - int.Parse(m.Groups[1].Value) + 1)).ToList(),
                string text when int.TryParse(text, out var n) => Enumerable.Range(1, Math.Clamp(n, 1, 100)).ToList(),
                _ => [1],
            };
        }

        private static string Numbered(int number, int total, string key) =>
            number.ToString(new string('0', total.ToString().Length), System.Globalization.CultureInfo.InvariantCulture) + (key.Length > 0 ? $"-{key}" : "");

        private List<PlannedCase> ParseDirectory(string path, Dictionary<object, object?> yaml, Settings inherited, List<PlannedCase> sink, bool isRoot)
        {
            var settings = isRoot ? inherited : inherited.With(yaml, Warnings);
            var mine = new List<PlannedCase>();
            if (yaml.TryGetValue("test_group.yaml", out var groupYaml) && groupYaml is not null && !isRoot)
                GroupFiles[path] = groupYaml is string text ? text : Serializer.Serialize(groupYaml);
            else if (isRoot && groupYaml is not null)
                GroupFiles[""] = groupYaml is string text ? text : Serializer.Serialize(groupYaml);

            // include: keys seen before; the cases are linked here under their own names.
            var included = new List<PlannedCase>();
            if (yaml.GetValueOrDefault("include") is List<object?> includes)
                foreach (var include in includes.Select(i => i?.ToString() ?? ""))
                {
                    if (!known.TryGetValue(include, out var lists) || lists.Count != 1)
                        Warnings.Add($"{Show(path)}: include '{include}' {(lists is null ? "names no earlier test case or group" : "is ambiguous")}; skipped");
                    else included.AddRange(lists[0]);
                }

            var data = yaml.GetValueOrDefault("data");
            bool numbered = data is List<object?>;
            var entries = data switch
            {
                List<object?> list => list,
                Dictionary<object, object?> map => [map],
                null => [],
                _ => null,
            };
            if (entries is null) Warnings.Add($"{Show(path)}: 'data' must be a map or a list; skipped");
            int groups = (entries ?? []).OfType<Dictionary<object, object?>>().Sum(e => e.Values.Count(IsDirectory));
            int nextGroup = 1;
            foreach (var entry in entries ?? [])
            {
                if (entry is not Dictionary<object, object?> map) continue;
                var keys = map.Keys.Select(k => k?.ToString() ?? "").ToList();
                if (isRoot)
                {
                    foreach (var ignored in keys.Where(IgnoredRootDirectories.Contains))
                        Warnings.Add($"data/{ignored} is not generated: it holds BAPCtools' checks of the validators, not test data");
                    foreach (var unknown in keys.Where(k => !RootDirectories.Contains(k) && !IgnoredRootDirectories.Contains(k)))
                        Warnings.Add($"data/{unknown} is not a known data directory; skipped");
                    keys = RootDirectories.Where(keys.Contains).ToList();
                }
                else keys.Sort(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    var child = map.First(p => (p.Key?.ToString() ?? "") == key).Value;
                    if (IsDirectory(child))
                    {
                        string name = numbered ? Numbered(nextGroup++, groups, key) : key;
                        var cases = ParseDirectory(Join(path, name), (Dictionary<object, object?>)child!, settings, mine, isRoot: false);
                        Remember(key, cases);
                    }
                    else if (IsTestCase(child))
                    {
                        if (!numbered && key.Length == 0)
                        {
                            Warnings.Add($"{Show(path)}: a test case in a map needs a name; skipped");
                            continue;
                        }
                        var made = new List<PlannedCase>();
                        foreach (int count in CountValues(child))
                        {
                            string name = numbered ? Numbered(nextCaseNumber++, numberedCaseCount, key) : key;
                            if (child is Dictionary<object, object?> withCount && withCount.ContainsKey("count"))
                                name += $"-{CountSuffix(count, CountValues(child))}";
                            if (ParseTestCase(Join(path, name), child, settings, count) is { } planned) made.Add(planned);
                        }
                        mine.AddRange(made);
                        Remember(key, made);
                    }
                    else Warnings.Add($"{Show(Join(path, key))}: neither a test case nor a directory; skipped");
                }
            }
            foreach (var include in included)
            {
                string target = Join(path, include.Path[(include.Path.LastIndexOf('/') + 1)..]);
                if (mine.Any(c => c.Path == target)) Warnings.Add($"{Show(target)}: included twice or conflicts with a test case; skipped");
                else mine.Add(include with { Path = target });
            }
            if (!isRoot) sink.AddRange(mine);
            else Cases.AddRange(mine.Where(c => RootDirectories.Any(r => c.Path.StartsWith(r + "/", StringComparison.Ordinal))));
            return mine;
        }

        private void Remember(string key, List<PlannedCase> cases)
        {
            if (!known.TryGetValue(key, out var lists)) known[key] = lists = [];
            lists.Add(cases);
        }

        private PlannedCase? ParseTestCase(string path, object? yaml, Settings inherited, int count)
        {
            if (yaml is null)
            {
                Warnings.Add($"{Show(path)}: empty test case; skipped");
                return null;
            }
            var map = yaml as Dictionary<object, object?> ?? new Dictionary<object, object?>
            {
                [((string)yaml).EndsWith(".in", StringComparison.Ordinal) ? "copy" : "generate"] =
                    ((string)yaml).EndsWith(".in", StringComparison.Ordinal) ? ((string)yaml)[..^3] : yaml,
            };
            var settings = inherited.With(map, Warnings);
            CaseSource? input = null, answer = null;
            string? caseYaml = null;
            if (map.GetValueOrDefault("generate") is { } generate)
            {
                var command = substituteConstants(generate.ToString()!);
                if (command.Contains("{count}", StringComparison.Ordinal) && map.ContainsKey("count"))
                    command = command.Replace("{count}", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                long seed = SeedOf(settings.Salt, count, command);
                var words = SplitCommand(command);
                var program = FindProgram(words[0]);
                if (program is null)
                {
                    Warnings.Add(Directory.Exists(System.IO.Path.Combine(packageRoot, "generators", words[0]))
                        ? $"{Show(path)}: generator '{words[0]}' has no Python, C or C++ entry point (build/run scripts are not run); test case skipped"
                        : $"{Show(path)}: generator '{words[0]}' is not in generators/; test case skipped");
                    return null;
                }
                var arguments = words.Skip(1).Select(a => Seed.Replace(a.Replace("{name}", "testcase", StringComparison.Ordinal), seed.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                input = new GenerateSource(program, arguments, command);
            }
            if (map.GetValueOrDefault("copy") is { } copy)
            {
                var basePath = $"generators/{copy.ToString()!.TrimStart('/')}";
                if (System.IO.File.Exists(System.IO.Path.Combine(packageRoot, basePath + ".in"))) input ??= new CopySource(basePath + ".in");
                else Warnings.Add($"{Show(path)}: copy: {basePath}.in does not exist");
                if (System.IO.File.Exists(System.IO.Path.Combine(packageRoot, basePath + ".ans"))) answer = new CopySource(basePath + ".ans");
            }
            if (map.GetValueOrDefault("in") is string inText) input = new InlineSource(WithNewline(inText));
            if (map.GetValueOrDefault("ans") is string ansText) answer = new InlineSource(WithNewline(ansText));
            if (map.GetValueOrDefault("yaml") is { } y) caseYaml = y is string s ? s : Serializer.Serialize(y);
            if (input is null)
            {
                Warnings.Add($"{Show(path)}: no input (in, copy or generate); skipped");
                return null;
            }
            if (answer is null)
            {
                if (string.IsNullOrEmpty(settings.Solution))
                {
                    Warnings.Add($"{Show(path)}: no answer and no solution to make one; skipped");
                    return null;
                }
                answer = new SolutionSource(settings.Solution);
            }
            return new PlannedCase(path, input, answer, caseYaml);
        }

        private GeneratorProgram? FindProgram(string name)
        {
            if (namedPrograms.TryGetValue(name, out var named)) return named;
            var relative = $"generators/{name}";
            var full = System.IO.Path.Combine(packageRoot, relative);
            if (System.IO.File.Exists(full)) return new(name, relative, [relative]);
            if (!Directory.Exists(full)) return null;
            var files = PackageFiles.FilesRecursively(full).Select(f => PackageFiles.Relative(packageRoot, f)).ToList();
            var python = files.Where(f => f.EndsWith(".py", StringComparison.Ordinal)).ToList();
            var entry = python.Count == 1 ? python[0] : python.FirstOrDefault(f => f.EndsWith("/__main__.py", StringComparison.Ordinal) || f.EndsWith("/main.py", StringComparison.Ordinal))
                        ?? files.FirstOrDefault(f => System.IO.Path.GetExtension(f) is ".cpp" or ".cc" or ".c");
            return entry is null ? null : new(name, entry, files);
        }

        /// <summary>Words as Python's shlex.split gives them (BAPCtools uses it): quotes group and are removed.</summary>
        internal static List<string> SplitCommand(string command)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            char quote = '\0';
            foreach (char c in command)
            {
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                    else word.Append(c);
                }
                else if (c is '\'' or '"') { quote = c; inWord = true; }
                else if (char.IsWhiteSpace(c))
                {
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                else { word.Append(c); inWord = true; }
            }
            if (inWord) words.Add(word.ToString());
            return words;
        }

        // BAPCtools pads consecutive counts to the widest one, sign included (Python's f"{v:0{width}}").
        private static string CountSuffix(int value, List<int> all)
        {
            bool consecutive = all.Max() - all.Min() == all.Count - 1;
            int width = consecutive ? all.Max(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture).Length) : 0;
            string digits = Math.Abs(value).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return value < 0 ? "-" + digits.PadLeft(Math.Max(0, width - 1), '0') : digits.PadLeft(width, '0');
        }

        private static string WithNewline(string text) => text.Length > 0 && !text.EndsWith('\n') ? text + "\n" : text;
        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}/{name}";
        private static string Show(string path) => $"data/{path}";
    }
}
