using System.Text;
using Apug.Server.Challenges;
using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Judging;

/// <summary>
/// Judges one source against one package: runs it test by test in the sandbox, checks each output and decides the
/// verdict. It knows nothing about stored submissions, so <see cref="SubmissionJudging"/> and the `validate` command
/// share exactly the same code path.
/// </summary>
public sealed class SourceJudge(ISandbox sandbox, OutputChecks outputChecks, Languages languages, IOptions<SandboxOptions> sandboxOptions)
{
    private const int SampleOutputChars = 64 * 1024;
    private const int SecretOutputChars = 8 * 1024;

    /// <param name="timeLimit">Overrides the package's time limit (the `validate` command infers one); null keeps it.</param>
    /// <param name="onTest">Called after each test, in order (the judge publishes TestJudged from here).</param>
    /// <param name="language">The interpreter (null: CPython); its time multiplier scales the limit.</param>
    public async Task<SubmissionOutcome> JudgeAsync(
        ChallengePackage package, string source, CancellationToken cancellationToken,
        Action<TestOutcome>? onTest = null, TimeSpan? timeLimit = null, Language? language = null,
        IReadOnlyDictionary<string, byte[]>? otherFiles = null)
    {
        language ??= languages.Default;
        var limit = (timeLimit ?? package.Limits.TimeLimit) * language.TimeMultiplier;
        if (limit != package.Limits.TimeLimit) package = package with { Limits = package.Limits with { TimeLimit = limit } };
        var limits = new RunLimits(
            CpuMs: (int)Math.Ceiling(package.Limits.TimeLimit.TotalMilliseconds),
            MemoryKb: package.Limits.MemoryMiB * 1024,
            OutputKb: package.Limits.OutputMiB * 1024);
        var program = SandboxPrograms.PythonSolution(source, language.Executable, limits, sandboxOptions.Value.CompileCpuMs, otherFiles);
        // Interactive: the interactor runs beside the solution in its sandbox, test by test; there is no separate check.
        if (package.Interactive)
            program = program with { Interactor = await outputChecks.InteractorAsync(package, cancellationToken) };

        // The validator's sandbox (if any) is taken while the solution's is.
        var checkTask = package.Interactive ? Task.FromResult<IOutputCheck>(new NoOutputCheck()) : outputChecks.StartAsync(package, cancellationToken);
        ISandboxSession started;
        try
        {
            started = await sandbox.StartAsync(program, cancellationToken);
        }
        catch
        {
            // The validator's sandbox may have been taken: hand it back now.
            try { await (await checkTask).DisposeAsync(); } catch (Exception) { /* it failed to start as well */ }
            throw;
        }
        await using var solution = started;
        await using var check = await checkTask;

        if (solution.Compile is { } compile && !(compile.Exited && compile.ExitCode == 0))
        {
            var message = compile.Exited
                ? Storable(Encoding.UTF8.GetString(compile.Stderr).Trim())
                : $"Checking the syntax failed: {Verdicts.Explain(compile, limits with { CpuMs = sandboxOptions.Value.CompileCpuMs })}";
            return new SubmissionOutcome(Verdict.CE, null, message, []);
        }

        var results = new List<TestOutcome>();
        foreach (var test in package.Tests)
        {
            if (!PackageGrading.ShouldRun(package, test, results)) continue;
            var input = await File.ReadAllBytesAsync(test.InputPath, cancellationToken);
            RunReport run;
            Verdict? verdict;
            var last = ReferenceEquals(test, package.Tests[^1]); // no run to prepare while this one runs
            CheckResult? checkResult = null;
            if (package.Interactive)
            {
                // The input and answer are the interactor's files (its uid's only); the solution gets only what it says.
                var answer = await File.ReadAllBytesAsync(test.AnswerPath, cancellationToken);
                var arguments = package.Validation is CustomOutputValidation custom ? custom.Arguments : [];
                run = await solution.RunAsync(new SandboxRun(test.Name, [],
                    new Dictionary<string, byte[]> { ["input"] = input, ["answer"] = answer },
                    [.. SandboxPrograms.InteractorArguments, .. arguments], last), cancellationToken);
                var interactor = run.Interactor ?? throw new SandboxException("The sandbox reported no interactor for an interactive test.");
                checkResult = SandboxedOutputCheck.FromValidator(interactor, OutputChecks.ValidatorLimits, "interactor");
                verdict = Verdicts.ForInteraction(run, limits, checkResult, run.InteractorFirst);
            }
            else
            {
                run = await solution.RunAsync(new SandboxRun(test.Name, input, Last: last), cancellationToken);
                verdict = Verdicts.ForRun(run, limits);
            }
            if (verdict is null)
            {
                checkResult = await check.CheckAsync(test, input, run.Stdout, cancellationToken);
                verdict = checkResult.Verdict;
            }
            var outcome = Describe(results.Count, test, verdict.Value, run, limits, checkResult, package);
            results.Add(outcome);
            onTest?.Invoke(outcome);
        }

        var final = PackageGrading.Decide(package, results);
        double? score = package.Type == ProblemType.Scoring && final != Verdict.JE
            ? Scoring.Score(package.RootGroup, results.ToDictionary(r => r.Name, r => (r.Verdict, r.Score))).Total
            : null;
        var firstRejected = results.FirstOrDefault(r => r.Verdict != Verdict.AC);
        var summary = firstRejected is null
            ? null
            : $"{Verdicts.Describe(firstRejected.Verdict)} on test {firstRejected.Ordinal + 1} ({(firstRejected.IsSample ? firstRejected.Name : "secret")})";
        return new SubmissionOutcome(final, score, summary, results);
    }

    /// <summary>Messages for the team never quote secret data; the organisers' message keeps everything.</summary>
    internal static TestOutcome Describe(int ordinal, TestCase test, Verdict verdict, RunReport run, RunLimits limits, CheckResult? check, ChallengePackage package)
    {
        var stderr = Encoding.UTF8.GetString(run.Stderr);
        var detail = Verdicts.Explain(run, limits);
        var judgeMessage = verdict switch
        {
            Verdict.AC => "",
            Verdict.WA or Verdict.JE when check is not null => check.Message,
            _ => detail,
        };
        var teamMessage = verdict switch
        {
            Verdict.AC => "",
            Verdict.WA => test.IsSample ? $"Wrong answer: {check?.Message}" : "Wrong answer",
            Verdict.TLE => $"Time limit exceeded ({detail}; the limit is {package.Limits.TimeLimit.TotalSeconds:0.###} s of CPU time per test)",
            Verdict.MLE => $"Memory limit exceeded (the limit is {package.Limits.MemoryMiB} MiB)",
            Verdict.OLE => $"Output limit exceeded: the output passed {package.Limits.OutputMiB} MiB and was cut there",
            Verdict.RTE => test.IsSample ? $"Run-time error: {detail}" : $"Run-time error: {PythonExceptions.NameIn(stderr) ?? detail}",
            Verdict.JE => "Judge error: the judge could not check this test; an organiser has the details",
            Verdict.CE => "Compile error",
        };
        var outputLimit = test.IsSample ? SampleOutputChars : SecretOutputChars;
        var output = Encoding.UTF8.GetString(run.Stdout);
        return new TestOutcome(ordinal, test.Name, test.Group, test.IsSample, verdict, run.CpuMs, run.WallMs, run.MemoryKb,
            Storable(teamMessage), Storable(judgeMessage), Storable(Truncate(output, outputLimit)), Storable(Truncate(stderr, outputLimit)), check?.Score);
    }

    /// <summary>Interactive problems have no output check after the run: the interactor answered during it.</summary>
    private sealed class NoOutputCheck : IOutputCheck
    {
        public Task<CheckResult> CheckAsync(TestCase test, byte[] input, byte[] teamOutput, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("An interactive test is checked by its interactor while it runs.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars] + "\n… (cut)";

    /// <summary>What a program printed, as text every database stores: PostgreSQL's text refuses NUL, which a program (or a
    /// validator's message) may print, and the result must be stored whatever it printed.</summary>
    private static string Storable(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;
}
