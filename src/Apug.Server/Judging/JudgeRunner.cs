using System.Text;
using Apug.Server.Challenges;
using Apug.Server.Sandbox;

namespace Apug.Server.Judging;

/// <summary>
/// Runs one Python source against one package, test by test, in the sandbox and decides the verdict. It knows nothing
/// about stored submissions, so the judge worker and the `validate` command share exactly the same code path.
/// </summary>
public sealed class JudgeRunner(ISandbox sandbox, OutputChecks outputChecks)
{
    /// <param name="timeLimit">Overrides the package's time limit (the `validate` command infers one); null keeps it.</param>
    /// <param name="onTest">Called after each test, in order (the judge publishes TestJudged from here).</param>
    public async Task<SubmissionOutcome> RunAsync(
        ChallengePackage package, string source, CancellationToken cancellationToken,
        Action<TestOutcome>? onTest = null, TimeSpan? timeLimit = null)
    {
        if (timeLimit is { } overridden) package = package with { Limits = package.Limits with { TimeLimit = overridden } };
        var limits = new RunLimits(
            CpuMs: (int)Math.Ceiling(package.Limits.TimeLimit.TotalMilliseconds),
            MemoryKb: package.Limits.MemoryMiB * 1024,
            OutputKb: package.Limits.OutputMiB * 1024);
        var program = new SandboxProgram(
            SandboxImage.Python,
            new Dictionary<string, byte[]> { [SubmissionJudge.SolutionFile] = Encoding.UTF8.GetBytes(source) },
            [],
            new SandboxCompile(["python3", "-c", SubmissionJudge.SyntaxCheck, $"/box/prog/{SubmissionJudge.SolutionFile}"], null),
            ["python3", $"/box/prog/{SubmissionJudge.SolutionFile}"],
            limits);

        // The validator container (if any) starts while the solution's does.
        var checkTask = outputChecks.StartAsync(package, cancellationToken);
        ISandboxSession started;
        try
        {
            started = await sandbox.StartAsync(program, cancellationToken);
        }
        catch
        {
            // The validator's container may have started: remove it now, not at the next restart's sweep.
            try { await (await checkTask).DisposeAsync(); } catch (Exception) { /* it failed to start as well */ }
            throw;
        }
        await using var solution = started;
        await using var check = await checkTask;

        if (solution.Compile is { } compile && (compile.Status != RunStatus.Ok || compile.ExitCode != 0))
        {
            var message = compile.Status == RunStatus.Ok || compile.Status == RunStatus.RuntimeError
                ? Encoding.UTF8.GetString(compile.Stderr).Trim()
                : $"Checking the syntax failed: {compile.Detail}";
            return new SubmissionOutcome(Verdict.CE, null, message, []);
        }

        var results = new List<TestOutcome>();
        foreach (var test in package.Tests)
        {
            var input = await File.ReadAllBytesAsync(test.InputPath, cancellationToken);
            var run = await solution.RunAsync(new SandboxRun(test.Name, input), cancellationToken);
            var stderr = Encoding.UTF8.GetString(run.Stderr);
            var verdict = Verdicts.ForRun(run.Status, stderr);
            CheckResult? checkResult = null;
            if (verdict is null)
            {
                checkResult = await check.CheckAsync(test, input, run.Stdout, cancellationToken);
                verdict = checkResult.Verdict;
            }
            var outcome = SubmissionJudge.Describe(results.Count, test, verdict.Value, run, stderr, checkResult, package);
            results.Add(outcome);
            onTest?.Invoke(outcome);
            if (!Verdicts.ShouldContinue(package.Type, verdict.Value)) break;
        }

        var final = Verdicts.Decide(package.Type, results, package.Tests.Count);
        double? score = package.Type == ProblemType.Scoring && final != Verdict.JE
            ? Scoring.Score(package.RootGroup, results.ToDictionary(r => r.Name, r => (r.Verdict, r.Score))).Total
            : null;
        var firstRejected = results.FirstOrDefault(r => r.Verdict != Verdict.AC);
        var summary = firstRejected is null
            ? null
            : $"{Verdicts.Describe(firstRejected.Verdict)} on test {firstRejected.Ordinal + 1} ({(firstRejected.IsSample ? firstRejected.Name : "secret")})";
        return new SubmissionOutcome(final, score, summary, results);
    }
}
