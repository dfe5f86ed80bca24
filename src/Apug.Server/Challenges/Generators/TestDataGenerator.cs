using System.Globalization;
using System.Text;
using System.Text.Json;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges.Generators;

/// <summary>What one generation made: how many test cases, and a warning per thing that could not be made.</summary>
public sealed record GenerationResult(string Directory, int Cases, IReadOnlyList<string> Warnings, bool FromCache)
{
    /// <summary>The sandbox could not run the programs (engine or image missing): nothing was cached.</summary>
    public bool NotCached { get; init; }
}

/// <summary>
/// Makes data/ for a package that has generators/generators.yaml but no data/ (BAPCtools leaves data/ out of the
/// repository), the way `bt generate` would for the subset GeneratorsPlan reads: generators and the model solution run
/// in the sandbox (validator image for generators, Python image for Python solutions), never on the host. The result is
/// cached on disk under the package's content hash, so a restart or a reload does not generate again; the loader
/// (PackageTestData) reads the cached data/ when the package has none of its own.
/// </summary>
public sealed class TestDataGenerator(ISandbox sandbox, IOptions<SandboxOptions> sandboxOptions)
{
    public const string ResultFile = "generation.json";
    private const string SandboxDown = "could not start: the sandbox is not available";
    private static readonly RunLimits Limits = new(CpuMs: 60_000, MemoryKb: 2 * 1024 * 1024, OutputKb: 64 * 1024);
    private static readonly HashSet<string> CppSources = new(StringComparer.Ordinal) { ".cpp", ".cc", ".cxx", ".c++" };

    /// <summary>
    /// Whether the package's test data must be generated: it has generators.yaml and no secret test case of its own.
    /// BAPCtools' repositories commit only data/sample (their .gitignore: data/*, !data/sample/) and generate the rest.
    /// </summary>
    public static bool IsNeeded(string packageRoot)
    {
        if (!File.Exists(Path.Combine(packageRoot, GeneratorsPlan.File))) return false;
        var secret = Path.Combine(packageRoot, "data", "secret");
        return !Directory.Exists(secret) || !Directory.EnumerateFiles(secret, "*.in", SearchOption.AllDirectories).Any();
    }

    /// <summary>The cache folder for one version of one package (it holds data/ and generation.json when complete).</summary>
    public static string CacheFolder(string cacheRoot, string packageId, string contentHash) =>
        Path.Combine(cacheRoot, $"{packageId}-{contentHash[..16]}");

    /// <summary>A finished generation in the cache, or null.</summary>
    public static GenerationResult? ReadCached(string folder)
    {
        var file = Path.Combine(folder, ResultFile);
        if (!File.Exists(file)) return null;
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(file));
            return stored is null ? null : new(folder, stored.Cases, stored.Warnings, FromCache: true);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private sealed record Stored(int Cases, List<string> Warnings);

    /// <summary>
    /// Generates (or finds in the cache) the package's data/. Null when nothing is to be generated. Never throws for the
    /// package's own faults: each generator that cannot run is a warning, and its test case is left out.
    /// </summary>
    public async Task<GenerationResult?> EnsureAsync(string packageRoot, string cacheRoot, Action<string>? progress, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packageRoot));
        if (!IsNeeded(root)) return null;
        string hash = ContentHash.Compute(root);
        var folder = CacheFolder(Path.GetFullPath(cacheRoot), Path.GetFileName(root), hash);
        if (ReadCached(folder) is { } cached) return cached;

        // Constants for {{name}} in commands come from problem.yaml, as the loader reads them.
        var loaded = PackageLoader.Load(root, PackageDefaults.Standard);
        // Interactive and multi-pass solutions talk to a validator: they cannot make answers, and such packages are not judged.
        if (loaded.Package is { NotJudgedReason: { } reason } && reason != PackageLoader.NoTestData) return null;
        Func<string, string> substitute = loaded.Package is { } package ? package.SubstituteConstants : text => text;
        var plan = GeneratorsPlan.Read(root, substitute);
        var warnings = new List<string>(plan.Warnings);
        var work = folder + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.Combine(work, "data"));
        var sessions = new Dictionary<string, (ISandboxSession? Session, string? Error)>(StringComparer.Ordinal);
        int made = 0;
        bool sandboxUnavailable = false;
        try
        {
            foreach (var (group, yaml) in plan.GroupFiles)
                await WriteAsync(work, group.Length == 0 ? "test_group.yaml" : $"{group}/test_group.yaml", Encoding.UTF8.GetBytes(yaml), cancellationToken);
            for (int i = 0; i < plan.Cases.Count; i++)
            {
                var testCase = plan.Cases[i];
                progress?.Invoke($"generating data/{testCase.Path} ({i + 1}/{plan.Cases.Count})");
                var input = await MakeAsync(root, testCase.Input, [], sessions, substitute, cancellationToken);
                if (input.Bytes is null)
                {
                    warnings.Add($"data/{testCase.Path}: {input.Error}; test case skipped");
                    continue;
                }
                var answer = testCase.Answer is null ? ([], null) : await MakeAsync(root, testCase.Answer, input.Bytes, sessions, substitute, cancellationToken);
                if (answer.Bytes is null)
                {
                    warnings.Add($"data/{testCase.Path}: {answer.Error}; test case skipped");
                    continue;
                }
                await WriteAsync(work, $"{testCase.Path}.in", input.Bytes, cancellationToken);
                await WriteAsync(work, $"{testCase.Path}.ans", answer.Bytes, cancellationToken);
                if (testCase.Yaml is not null) await WriteAsync(work, $"{testCase.Path}.yaml", Encoding.UTF8.GetBytes(testCase.Yaml), cancellationToken);
                made++;
            }
        }
        finally
        {
            foreach (var (session, _) in sessions.Values)
                if (session is not null) await session.DisposeAsync();
        }
        sandboxUnavailable = sessions.Values.Any(s => s.Error?.Contains(SandboxDown, StringComparison.Ordinal) == true);
        if (sandboxUnavailable)
        {
            // The engine or an image was missing: that is no fault of the package, so nothing is cached and the next load tries again.
            Directory.Delete(work, recursive: true);
            return new GenerationResult(folder, made, warnings, FromCache: false) { NotCached = true };
        }
        await File.WriteAllTextAsync(Path.Combine(work, ResultFile), JsonSerializer.Serialize(new Stored(made, warnings)), cancellationToken);
        // Another process may have finished the same version meanwhile: its result is as good as ours.
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(work, folder);
        }
        catch (IOException) when (ReadCached(folder) is not null)
        {
            Directory.Delete(work, recursive: true);
        }
        return new GenerationResult(folder, made, warnings, FromCache: false);
    }

    private static async Task WriteAsync(string work, string relative, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(work, "data", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    private async Task<(byte[]? Bytes, string? Error)> MakeAsync(string root, CaseSource source, byte[] stdin,
        Dictionary<string, (ISandboxSession? Session, string? Error)> sessions, Func<string, string> substitute, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case InlineSource inline:
                return (Encoding.UTF8.GetBytes(inline.Text), null);
            case CopySource copy:
                return (await File.ReadAllBytesAsync(Path.Combine(root, copy.PackageRelativePath), cancellationToken), null);
            case GenerateSource generate:
            {
                var (session, error) = await SessionAsync(root, $"generator {generate.Program.Name}", generate.Program.Entry, generate.Program.Files, sessions, substitute, cancellationToken);
                if (session is null) return (null, error);
                var report = await session.RunAsync(new SandboxRun(generate.Command, [], Arguments: generate.Arguments), cancellationToken);
                return Outcome(report, $"generator `{generate.Command}`");
            }
            case SolutionSource solution:
            {
                // Submissions keep their {{constants}}, as BAPCtools leaves them (validate judges them the same way).
                var (session, error) = await SessionAsync(root, $"solution {solution.PackageRelativePath}", solution.PackageRelativePath, [solution.PackageRelativePath], sessions, text => text, cancellationToken);
                if (session is null) return (null, error);
                var report = await session.RunAsync(new SandboxRun("answer", stdin), cancellationToken);
                return Outcome(report, $"solution {solution.PackageRelativePath}");
            }
            default:
                throw new InvalidOperationException($"Unknown source {source.GetType().Name}.");
        }
    }

    private static (byte[]? Bytes, string? Error) Outcome(RunReport report, string what)
    {
        if (report is { Exited: true, ExitCode: 0, StdoutTruncated: false }) return (report.Stdout, null);
        var stderr = Encoding.UTF8.GetString(report.Stderr).Trim();
        var why = report.StdoutTruncated ? $"wrote more than {Limits.OutputKb / 1024} MiB" : Verdicts.Explain(report, Limits);
        return (null, $"{what} failed ({why}{(stderr.Length > 0 ? ": " + Shorten(stderr) : "")})");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>One sandbox per program for the whole generation; Python runs as it is, C and C++ are built first.</summary>
    private async Task<(ISandboxSession? Session, string? Error)> SessionAsync(string root, string label, string entry, IReadOnlyList<string> files,
        Dictionary<string, (ISandboxSession? Session, string? Error)> sessions, Func<string, string> substitute, CancellationToken cancellationToken)
    {
        if (sessions.TryGetValue(label, out var known)) return known;
        var result = await StartAsync(root, label, entry, files, substitute, cancellationToken);
        sessions[label] = result;
        return result;
    }

    private async Task<(ISandboxSession? Session, string? Error)> StartAsync(string root, string label, string entry, IReadOnlyList<string> files,
        Func<string, string> substitute, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(root, entry))) return (null, $"{label}: {entry} does not exist");
        // Files keep their place relative to the entry's folder, so `import lib` and `#include "lib.h"` work.
        var baseDirectory = Path.GetDirectoryName(entry)!.Replace('\\', '/');
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var all = files.Count == 1 ? SiblingFiles(root, entry) : files;
        foreach (var file in all)
        {
            var name = baseDirectory.Length == 0 ? file : Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');
            if (name.StartsWith("..", StringComparison.Ordinal) || Path.GetFileName(file) == "generators.yaml") continue;
            var bytes = await File.ReadAllBytesAsync(Path.Combine(root, file), cancellationToken);
            // 2025-09 (and BAPCtools) replace {{constants}} in generators' sources, as in validators'.
            contents[name] = Path.GetExtension(file) is ".py" or ".cpp" or ".cc" or ".cxx" or ".c" or ".h" or ".hpp"
                ? Encoding.UTF8.GetBytes(substitute(Encoding.UTF8.GetString(bytes))) : bytes;
        }
        var entryName = Path.GetFileName(entry);
        var extension = Path.GetExtension(entry);
        try
        {
            if (extension == ".py")
            {
                var program = entry.StartsWith("submissions/", StringComparison.Ordinal)
                    ? SandboxPrograms.PythonSolution(Encoding.UTF8.GetString(contents[entryName]), "python3", Limits, sandboxOptions.Value.CompileCpuMs)
                    : SandboxPrograms.PythonInputValidator(contents, entryName, Limits);
                return (await sandbox.StartAsync(program, cancellationToken), null);
            }
            if (extension == ".c" || CppSources.Contains(extension))
            {
                bool isC = extension == ".c";
                var sources = contents.Keys.Where(n => isC ? Path.GetExtension(n) == ".c" : CppSources.Contains(Path.GetExtension(n)));
                if (files.Count == 1) sources = [entryName];
                var session = await sandbox.StartAsync(SandboxPrograms.NativeValidatorBuild(contents, isC, sources, Limits, sandboxOptions.Value.CompileCpuMs), cancellationToken);
                if (session.Compile is { Exited: true, ExitCode: 0 } && session.Artifact is not null) return (session, null);
                var error = session.Compile is { } compile ? Encoding.UTF8.GetString(compile.Stderr).Trim() : session.ArtifactError ?? "no compile report";
                await session.DisposeAsync();
                return (null, $"{label} does not compile: {Shorten(error)}");
            }
            return (null, $"{label} is not run: this judge runs Python, C and C++ generators and solutions, not {(extension.Length > 0 ? extension : entryName)} files");
        }
        catch (SandboxException e)
        {
            return (null, $"{label} {(e.EngineUnreachable || e.ImageUnavailable ? SandboxDown : "could not start in the sandbox")}: {e.Message}");
        }
    }

    // A single-file generator may import its neighbours (lib.py beside gen.py): upload the folder's files with it.
    private static IReadOnlyList<string> SiblingFiles(string root, string entry)
    {
        var directory = Path.Combine(root, Path.GetDirectoryName(entry)!);
        if (entry.StartsWith("submissions/", StringComparison.Ordinal)) return [entry];
        return PackageFiles.Files(directory).Select(f => PackageFiles.Relative(root, f))
            .Where(f => new FileInfo(Path.Combine(root, f)).Length < 1024 * 1024).Append(entry).Distinct().ToList();
    }
}
