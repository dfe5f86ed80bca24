using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Apug.Server.Challenges;
using Apug.Server.Sandbox;

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
        var result = DefaultOutputValidator.Validate(Encoding.UTF8.GetString(teamOutput), answer, flags);
        return result.Accepted ? new CheckResult(Verdict.AC, "") : new CheckResult(Verdict.WA, result.Message);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>An organiser's validator, run in its own sandbox container for the whole submission.</summary>
internal sealed class SandboxedOutputCheck(ISandboxSession session, IReadOnlyList<string> arguments) : IOutputCheck
{
    public const int AcceptedExitCode = 42;
    public const int WrongAnswerExitCode = 43;

    public async Task<CheckResult> CheckAsync(TestCase test, byte[] input, byte[] teamOutput, CancellationToken cancellationToken)
    {
        var answer = await File.ReadAllBytesAsync(test.AnswerPath, cancellationToken);
        var report = await session.RunAsync(new SandboxRun(
            test.Name, teamOutput,
            new Dictionary<string, byte[]> { ["input"] = input, ["answer"] = answer },
            ["/box/test/input", "/box/test/answer", "/tmp/feedback/", .. arguments]), cancellationToken);

        var judgeMessage = report.Feedback.TryGetValue("judgemessage.txt", out var bytes) ? Encoding.UTF8.GetString(bytes).Trim() : "";
        double? score = report.Feedback.TryGetValue("score.txt", out var scoreBytes)
                        && double.TryParse(Encoding.UTF8.GetString(scoreBytes).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            ? s : null;
        var exitedNormally = report.Status is RunStatus.Ok or RunStatus.RuntimeError && report.Signal is null;
        return (exitedNormally, report.ExitCode) switch
        {
            (true, AcceptedExitCode) => new CheckResult(Verdict.AC, judgeMessage, score),
            (true, WrongAnswerExitCode) => new CheckResult(Verdict.WA, judgeMessage.Length > 0 ? judgeMessage : "Wrong answer", score),
            _ => new CheckResult(Verdict.JE,
                $"The output validator failed ({report.Detail}; exit {report.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): " +
                Encoding.UTF8.GetString(report.Stderr).Trim()),
        };
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();
}

/// <summary>Starts the right check for a package; compiles a C++ validator once per package version.</summary>
public sealed class OutputChecks(ISandbox sandbox)
{
    // Generous: organisers' validators are trusted to be correct, only contained.
    private static readonly RunLimits ValidatorLimits = new(CpuMs: 30_000, MemoryKb: 1024 * 1024, OutputKb: 1024);
    private const string Binary = "validator";
    private readonly ConcurrentDictionary<string, byte[]> compiled = new();

    public async Task<IOutputCheck> StartAsync(ChallengePackage package, CancellationToken cancellationToken)
    {
        switch (package.Validation)
        {
            case DefaultOutputValidation flags:
                return new DefaultOutputCheck(flags);
            case CustomOutputValidation custom:
                var session = await StartValidatorAsync(package, custom, cancellationToken);
                return new SandboxedOutputCheck(session, custom.Arguments);
            default:
                throw new InvalidOperationException($"Unknown output validation {package.Validation.GetType().Name}.");
        }
    }

    private async Task<ISandboxSession> StartValidatorAsync(ChallengePackage package, CustomOutputValidation custom, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var path in custom.Files ?? custom.SourceFiles)
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            // 2025-09: {{constants}} of problem.yaml are replaced in validators' sources.
            if (package.Constants.Count > 0 && Path.GetExtension(path) is ".py" or ".cpp" or ".cc" or ".cxx" or ".c" or ".h" or ".hpp")
                bytes = Encoding.UTF8.GetBytes(package.SubstituteConstants(Encoding.UTF8.GetString(bytes)));
            files[Path.GetFileName(path)] = bytes;
        }

        if (custom.Language == ValidatorLanguage.Python)
        {
            var entry = PythonEntry(custom);
            return await sandbox.StartAsync(new SandboxProgram(SandboxImage.Validator, files, [], null,
                ["python3", $"/box/prog/{entry}"], ValidatorLimits), cancellationToken);
        }

        var cacheKey = package.ContentHash;
        if (compiled.TryGetValue(cacheKey, out var binary))
        {
            return await sandbox.StartAsync(new SandboxProgram(SandboxImage.Validator,
                new Dictionary<string, byte[]> { [Binary] = binary }, [Binary], null, [$"/box/prog/{Binary}"], ValidatorLimits), cancellationToken);
        }

        string[] extensions = custom.Language == ValidatorLanguage.C ? [".c"] : [".cpp", ".cc", ".cxx"];
        var sources = custom.SourceFiles.Where(f => extensions.Contains(Path.GetExtension(f)))
            .Select(f => $"/box/prog/{Path.GetFileName(f)}");
        string[] compiler = custom.Language == ValidatorLanguage.C ? ["gcc", "-O2", "-std=gnu11"] : ["g++", "-O2", "-std=gnu++17"];
        var session = await sandbox.StartAsync(new SandboxProgram(SandboxImage.Validator, files, [],
            new SandboxCompile([.. compiler, "-I/box/prog", "-o", $"/tmp/{Binary}", .. sources, "-lm"], Binary),
            [$"/box/prog/{Binary}"], ValidatorLimits), cancellationToken);
        if (session.Compile is { Status: RunStatus.Ok, ExitCode: 0 } && session.Artifact is { } artifact)
        {
            compiled[cacheKey] = artifact;
            return session;
        }
        var error = session.Compile is { } report ? Encoding.UTF8.GetString(report.Stderr) : "no compile report";
        await session.DisposeAsync();
        throw new SandboxException($"The {(custom.Language == ValidatorLanguage.C ? "C" : "C++")} output validator of '{package.Id}' does not compile: {error}");
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
