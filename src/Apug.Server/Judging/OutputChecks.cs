using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Apug.Server.Challenges;
using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>The output validator's answer for one test: AC, WA or JE (the validator itself failed).</summary>
public sealed record CheckResult(Verdict Verdict, string Message, double? Score = null);

/// <summary>Checks one test's output against its answer. Answers stay on this side: a solution never sees them.</summary>
public interface IOutputCheck : IAsyncDisposable
{
    Task<CheckResult> CheckAsync(TestCase test, byte[] input, byte[] teamOutput, CancellationToken cancellationToken);
}

/// <summary>The spec's default validator runs in-process: it is pure code of ours, not organisers' code.</summary>
internal sealed class DefaultOutputCheck(DefaultOutputValidation flags) : IOutputCheck
{
    public async Task<CheckResult> CheckAsync(TestCase test, byte[] input, byte[] teamOutput, CancellationToken cancellationToken)
    {
        var answer = await File.ReadAllTextAsync(test.AnswerPath, cancellationToken);
        var result = DefaultOutputValidator.Validate(Encoding.UTF8.GetString(teamOutput), answer, flags.For(test));
        return result.Accepted ? new CheckResult(Verdict.AC, "") : new CheckResult(Verdict.WA, result.Message);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>An organiser's validator, run in its own sandbox container for the whole submission.</summary>
internal sealed class SandboxedOutputCheck(ISandboxSession session, IReadOnlyList<string> arguments, RunLimits limits) : IOutputCheck
{
    public const int AcceptedExitCode = 42;
    public const int WrongAnswerExitCode = 43;

    public async Task<CheckResult> CheckAsync(TestCase test, byte[] input, byte[] teamOutput, CancellationToken cancellationToken)
    {
        var answer = await File.ReadAllBytesAsync(test.AnswerPath, cancellationToken);
        var report = await session.RunAsync(new SandboxRun(
            test.Name, teamOutput,
            new Dictionary<string, byte[]> { ["input"] = input, ["answer"] = answer },
            [.. SandboxPrograms.ValidatorArguments, .. arguments]), cancellationToken);
        return FromValidator(report, limits, "output validator");
    }

    /// <summary>A validator's (or interactor's) answer from its facts: exit 42 accepts, 43 rejects, anything else is
    /// the validator's failure (JE); judgemessage.txt and score.txt from its feedback folder.</summary>
    public static CheckResult FromValidator(RunReport report, RunLimits limits, string what)
    {
        var judgeMessage = report.Feedback.TryGetValue("judgemessage.txt", out var bytes) ? Encoding.UTF8.GetString(bytes).Trim() : "";
        double? score = report.Feedback.TryGetValue("score.txt", out var scoreBytes)
                        && double.TryParse(Encoding.UTF8.GetString(scoreBytes).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            ? s : null;
        return (report.Exited, report.ExitCode) switch
        {
            (true, AcceptedExitCode) => new CheckResult(Verdict.AC, judgeMessage, score),
            (true, WrongAnswerExitCode) => new CheckResult(Verdict.WA, judgeMessage.Length > 0 ? judgeMessage : "Wrong answer", score),
            _ => new CheckResult(Verdict.JE,
                $"The {what} failed ({Verdicts.Explain(report, limits)}; exit {report.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): " +
                Encoding.UTF8.GetString(report.Stderr).Trim()),
        };
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();
}

/// <summary>Starts the right check for a package; compiles a C++ validator once per package version.</summary>
public sealed class OutputChecks(ISandbox sandbox, IOptions<SandboxOptions> sandboxOptions)
{
    // Generous: organisers' validators are trusted to be correct, only contained.
    internal static readonly RunLimits ValidatorLimits = new(CpuMs: 30_000, MemoryKb: 1024 * 1024, OutputKb: 1024);
    private readonly ConcurrentDictionary<string, byte[]> compiled = new();

    /// <summary>The interactor of an interactive package, ready to run beside each test's solution: a Python one as
    /// it is, a C or C++ one built once per package version in the validator sandbox.</summary>
    public async Task<SandboxInteractor> InteractorAsync(ChallengePackage package, CancellationToken cancellationToken)
    {
        if (package.Validation is not CustomOutputValidation custom)
            throw new SandboxException($"The interactive problem '{package.Id}' has no interactor (output validator).");
        var files = await ReadFilesAsync(package, custom, cancellationToken);
        if (custom.Language == ValidatorLanguage.Python)
            return SandboxPrograms.PythonInteractor(files, PythonEntry(custom), ValidatorLimits);
        if (!compiled.TryGetValue(package.ContentHash, out var binary))
        {
            await using var build = await BuildAsync(package, custom, files, cancellationToken);
            binary = build.Artifact!;
        }
        return SandboxPrograms.CompiledInteractor(binary, ValidatorLimits);
    }

    public async Task<IOutputCheck> StartAsync(ChallengePackage package, CancellationToken cancellationToken)
    {
        switch (package.Validation)
        {
            case DefaultOutputValidation flags:
                return new DefaultOutputCheck(flags);
            case CustomOutputValidation custom:
                var session = await StartValidatorAsync(package, custom, cancellationToken);
                return new SandboxedOutputCheck(session, custom.Arguments, ValidatorLimits);
            default:
                throw new InvalidOperationException($"Unknown output validation {package.Validation.GetType().Name}.");
        }
    }

    private async Task<ISandboxSession> StartValidatorAsync(ChallengePackage package, CustomOutputValidation custom, CancellationToken cancellationToken)
    {
        var files = await ReadFilesAsync(package, custom, cancellationToken);
        if (custom.Language == ValidatorLanguage.Python)
            return await sandbox.StartAsync(SandboxPrograms.PythonValidator(files, PythonEntry(custom), ValidatorLimits), cancellationToken);

        if (compiled.TryGetValue(package.ContentHash, out var binary))
            return await sandbox.StartAsync(SandboxPrograms.CompiledValidator(binary, ValidatorLimits), cancellationToken);
        return await BuildAsync(package, custom, files, cancellationToken);
    }

    private static async Task<Dictionary<string, byte[]>> ReadFilesAsync(ChallengePackage package, CustomOutputValidation custom, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var path in custom.Files ?? custom.SourceFiles)
            files[Path.GetFileName(path)] = await package.ReadValidatorFileAsync(path, cancellationToken);
        return files;
    }

    /// <summary>Builds a C or C++ validator in the validator sandbox; the session (which can run it) and the cached binary.</summary>
    private async Task<ISandboxSession> BuildAsync(ChallengePackage package, CustomOutputValidation custom, Dictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        var cacheKey = package.ContentHash;
        var isC = custom.Language == ValidatorLanguage.C;
        string[] extensions = isC ? [".c"] : [".cpp", ".cc", ".cxx"];
        var sources = custom.SourceFiles.Where(f => extensions.Contains(Path.GetExtension(f))).Select(f => Path.GetFileName(f));
        var session = await sandbox.StartAsync(
            SandboxPrograms.NativeValidatorBuild(files, isC, sources, ValidatorLimits, sandboxOptions.Value.CompileCpuMs), cancellationToken);
        if (session.Compile is { Exited: true, ExitCode: 0 } && session.Artifact is { } artifact)
        {
            compiled[cacheKey] = artifact;
            return session;
        }
        var error = session.Compile is { } report ? Encoding.UTF8.GetString(report.Stderr) : "no compile report";
        if (session.ArtifactError is { } artifactError) error += $" ({artifactError})";
        await session.DisposeAsync();
        throw new SandboxException($"The {(isC ? "C" : "C++")} output validator of '{package.Id}' does not compile: {error}");
    }

    private static string PythonEntry(CustomOutputValidation custom)
    {
        var names = custom.SourceFiles.Select(Path.GetFileName).OfType<string>().Where(n => n.EndsWith(".py", StringComparison.Ordinal)).ToList();
        if (names.Count == 1) return names[0];
        foreach (var preferred in new[] { "__main__.py", "validator.py", "output_validator.py", "validate.py", "main.py" })
            if (names.Contains(preferred)) return preferred;
        throw new SandboxException($"Cannot tell which of {string.Join(", ", names)} is the output validator's main file.");
    }
}
