using System.Globalization;
using System.Text;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges.Validation;

/// <summary>
/// `validate`'s input validator check: every program in input_validators/ (both specs), input_format_validators/
/// (early legacy packages) or input_validator/ (DOMjudge) reads each test input on stdin and must exit 42. Python
/// validators run as they are; C and C++ ones (a source file, or a folder with sources and headers such as testlib.h
/// or validation.h) are built in the validator sandbox as C++ output validators are. Others (checktestdata, viva,
/// shell scripts, build/run) are named in a warning.
/// </summary>
public sealed class InputValidatorCheck(ISandbox sandbox, IOptions<SandboxOptions> sandboxOptions)
{
    private static readonly string[] Folders = ["input_validators", "input_format_validators", "input_validator"];
    private static readonly RunLimits Limits = new(CpuMs: 30_000, MemoryKb: 1024 * 1024, OutputKb: 1024);
    private static readonly HashSet<string> CppSources = new(StringComparer.Ordinal) { ".cpp", ".cc", ".cxx", ".c++" };
    private static readonly HashSet<string> Headers = new(StringComparer.Ordinal) { ".h", ".hpp", ".hh" };

    private enum Kind { Python, C, Cpp, Unsupported }

    /// <summary>One validator: its name in the package, the files to upload (by name in the sandbox), what it is.</summary>
    private sealed record Program(string Name, IReadOnlyDictionary<string, string> Files, Kind Kind, string Entry, string Why);

    public async Task CheckAsync(ChallengePackage package, Action<CheckState, string> add, CancellationToken cancellationToken)
    {
        var programs = Find(package.Directory);
        if (programs.Count == 0)
        {
            add(CheckState.Warning, "no input validators in input_validators/: nothing checks that the test inputs follow the statement");
            return;
        }
        foreach (var program in programs)
        {
            if (program.Kind == Kind.Unsupported)
            {
                add(CheckState.Warning, $"input validator {program.Name} not run: {program.Why}; this judge runs Python, C and C++ input validators");
                continue;
            }
            var contents = new Dictionary<string, byte[]>();
            foreach (var (name, path) in program.Files) contents[name] = await package.ReadValidatorFileAsync(path, cancellationToken);
            await using var session = await StartAsync(program, contents, cancellationToken);
            if (session.Compile is { } compile && !(compile is { Exited: true, ExitCode: 0 } && session.Artifact is not null))
            {
                var error = Encoding.UTF8.GetString(compile.Stderr).Trim();
                add(CheckState.Failed, $"input validator {program.Name} does not compile ({(program.Kind == Kind.C ? "C" : "C++")}): " +
                                       $"{(error.Length > 0 ? PackageValidator.Shorten(error) : session.ArtifactError ?? Verdicts.Explain(compile, Limits))}");
                continue;
            }
            var rejected = new List<string>();
            foreach (var test in package.Tests)
            {
                var arguments = Arguments(package, test, Path.GetFileNameWithoutExtension(program.Name));
                var report = await session.RunAsync(new SandboxRun(test.Name, await File.ReadAllBytesAsync(test.InputPath, cancellationToken),
                    Arguments: arguments), cancellationToken);
                if (report is not { Exited: true, ExitCode: 42 })
                {
                    var why = report.ExitCode == 43 ? "rejected" : $"{Verdicts.Explain(report, Limits)}, exit {report.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
                    var stderr = Encoding.UTF8.GetString(report.Stderr).Trim();
                    rejected.Add($"{test.Name} ({why}{(stderr.Length > 0 ? ": " + PackageValidator.Shorten(stderr) : "")})");
                }
            }
            var language = program.Kind switch { Kind.C => "C", Kind.Cpp => "C++", _ => "Python" };
            if (rejected.Count == 0) add(CheckState.Passed, $"input validator {program.Name} ({language}, sandboxed) accepts all {package.Tests.Count} inputs");
            else add(CheckState.Failed, $"input validator {program.Name} does not accept {PackageValidator.Listing(rejected)}");
        }
    }

    private Task<ISandboxSession> StartAsync(Program program, Dictionary<string, byte[]> contents, CancellationToken cancellationToken)
    {
        if (program.Kind == Kind.Python)
            return sandbox.StartAsync(SandboxPrograms.PythonInputValidator(contents, program.Entry, Limits), cancellationToken);
        var sources = contents.Keys.Where(n => program.Kind == Kind.C ? Path.GetExtension(n) == ".c" : CppSources.Contains(Path.GetExtension(n)))
            .Order(StringComparer.Ordinal);
        return sandbox.StartAsync(SandboxPrograms.NativeValidatorBuild(contents, program.Kind == Kind.C, sources, Limits,
            sandboxOptions.Value.CompileSeconds * 1000), cancellationToken);
    }

    /// <summary>Each folder's programs: a sub-folder is one program; so is each loose source file, with the loose headers beside it.</summary>
    private static List<Program> Find(string root)
    {
        var programs = new List<Program>();
        foreach (var folder in Folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            var loose = PackageFiles.Files(folder);
            var headers = loose.Where(f => Headers.Contains(Path.GetExtension(f))).ToList();
            foreach (var directory in PackageFiles.Directories(folder))
            {
                var files = PackageFiles.FilesRecursively(directory).ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'));
                programs.Add(Describe(PackageFiles.Relative(root, directory), files));
            }
            foreach (var file in loose.Where(f => !Headers.Contains(Path.GetExtension(f)) && !IsDocumentation(f)))
            {
                var files = new Dictionary<string, string> { [Path.GetFileName(file)] = file };
                foreach (var header in headers) files[Path.GetFileName(header)] = header;
                programs.Add(Describe(PackageFiles.Relative(root, file), files));
            }
        }
        return programs;
    }

    private static bool IsDocumentation(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".md" or ".txt" or ".pdf" or ".html" || Path.GetFileName(path).StartsWith("README", StringComparison.OrdinalIgnoreCase);

    private static Program Describe(string name, Dictionary<string, string> files)
    {
        var python = files.Keys.Where(n => n.EndsWith(".py", StringComparison.Ordinal)).ToList();
        var cpp = files.Keys.Count(n => CppSources.Contains(Path.GetExtension(n)));
        var c = files.Keys.Count(n => Path.GetExtension(n) == ".c");
        var others = files.Keys.Where(n => !n.EndsWith(".py", StringComparison.Ordinal) && !CppSources.Contains(Path.GetExtension(n))
                                           && Path.GetExtension(n) != ".c" && !Headers.Contains(Path.GetExtension(n)) && !IsDocumentation(n)).ToList();
        if (others.Count > 0)
            return new(name, files, Kind.Unsupported, "", string.Join(", ", others.Select(Language).Distinct()));
        if (python.Count > 0 && cpp + c > 0)
            return new(name, files, Kind.Unsupported, "", "it mixes Python and C/C++ files");
        if (python.Count > 0)
        {
            var entry = python.Count == 1 ? python[0] : python.FirstOrDefault(n => n == "__main__.py");
            return entry is null
                ? new(name, files, Kind.Unsupported, "", "a folder of several Python files needs a __main__.py")
                : new(name, files, Kind.Python, entry, "");
        }
        if (cpp + c == 0) return new(name, files, Kind.Unsupported, "", "it has no source file");
        return new(name, files, cpp > 0 ? Kind.Cpp : Kind.C, "", "");
    }

    private static string Language(string file) => (Path.GetFileName(file), Path.GetExtension(file)) switch
    {
        (_, ".ctd") => "it is checktestdata (.ctd)",
        (_, ".viva") => "it is a viva schema (.viva)",
        (_, ".sh") => "it is a shell script",
        ("build" or "run", _) => "it has build/run scripts",
        (_, "") => $"it has {file}, a file of no known language",
        var (_, extension) => $"it has {extension} files",
    };

    /// <summary>
    /// The arguments an input validator gets for a test: input_validator_args of the test case's own .yaml, else of the
    /// closest test_group.yaml / testdata.yaml above it (legacy: input_validator_flags, one string). 2025-09 may give a
    /// map from validator name to arguments.
    /// </summary>
    private static IReadOnlyList<string> Arguments(ChallengePackage package, TestCase test, string validatorName)
    {
        var candidates = new List<string> { $"data/{test.Name}.yaml" };
        // Every folder from the test case's own up to data/ (BAPCtools' generated data has test_group.yaml in deeper folders too).
        var folder = test.Name.Contains('/') ? test.Name[..test.Name.LastIndexOf('/')] : "";
        for (var group = folder; group.Length > 0; group = group.Contains('/') ? group[..group.LastIndexOf('/')] : "")
            candidates.AddRange([$"data/{group}/test_group.yaml", $"data/{group}/testdata.yaml"]);
        candidates.AddRange(["data/test_group.yaml", "data/testdata.yaml"]);
        foreach (var file in candidates.Where(f => File.Exists(Path.Combine(package.DataDirectory, f))))
        {
            var yaml = PackageYaml.Load(package.DataDirectory, file, []);
            if (yaml is null) continue;
            var arguments = yaml.Map("input_validator_args") is { } byName
                ? byName.Words(validatorName)
                : yaml.Raw("input_validator_args") is not null ? yaml.Words("input_validator_args") : yaml.Words("input_validator_flags");
            if (arguments is not null) return arguments.Select(package.SubstituteConstants).ToList();
        }
        return [];
    }
}
