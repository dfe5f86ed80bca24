using System.Globalization;
using System.Text;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges.Validation;

public enum CheckState { Passed, Failed, Warning, Info }

public sealed record CheckLine(CheckState State, string Text);

/// <summary>One example submission as validate judged it: its folder's expectation, what it got, and whether that holds.</summary>
public sealed record SubmissionResult(string Name, string Folder, Verdict Got, double? Score, bool Holds)
{
    /// <summary>The submission's own DOMjudge @EXPECTED_RESULTS@ list, when that (not its folder) set what it must get.</summary>
    public string? ExpectedResults { get; init; }

    /// <summary>A Python 2 program (a print statement fails Python 3's syntax check): unsupported, not a failure.</summary>
    public bool Python2 { get; init; }

    /// <summary>BAPCtools' self-tests name deliberately mislabelled submissions *.bad.*: their label must not hold.</summary>
    public bool DeliberatelyWrong => Path.GetFileName(Name).Contains(".bad.", StringComparison.Ordinal);
}

/// <summary>What `validate` found for one package: one line per check, in the order they ran.</summary>
public sealed record PackageReport(string Id, string Directory, IReadOnlyList<CheckLine> Lines, double? InferredTimeLimitSeconds)
{
    public bool Loaded { get; init; }
    public string? NotJudgedReason { get; init; }
    public int TestCount { get; init; }
    public IReadOnlyList<PackageIssue> LoadErrors { get; init; } = [];
    public IReadOnlyList<SubmissionResult> Submissions { get; init; } = [];
    public string Language { get; init; } = "";

    public bool Passed => Lines.All(l => l.State != CheckState.Failed);
    public int FailedCount => Lines.Count(l => l.State == CheckState.Failed);
}

/// <summary>
/// Checks a package the way Kattis problemtools' verifyproblem does, with the judge's own code: it loads, has samples,
/// every input has an answer, the statement renders, the input validators accept every input, the output validator
/// accepts every answer on its own input, and every example submission gets a verdict its folder permits when judged
/// in the real sandbox. When problem.yaml sets no time limit, the limit is inferred as the 2025-09 spec describes.
/// </summary>
public sealed class PackageValidator(SourceJudge judge, OutputChecks outputChecks, InputValidatorCheck inputValidators,
    IOptions<ChallengesOptions> options, Languages languages, Generators.TestDataGenerator generator)
{
    private static readonly string[] NotTestData = ["invalid_input", "invalid_output", "valid_output"];

    /// <summary>How long accepted submissions may run while the time limit is still being worked out.</summary>
    public TimeSpan GenerousTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <param name="language">The interpreter the example submissions run under (null: CPython).</param>
    public async Task<PackageReport> ValidateAsync(string packageDirectory, CancellationToken cancellationToken, Action<CheckLine>? onLine = null,
        Language? language = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packageDirectory));
        var lines = new List<CheckLine>();
        void Add(CheckState state, string text)
        {
            var line = new CheckLine(state, text);
            lines.Add(line);
            onLine?.Invoke(line);
        }

        // Beside the package, as the server caches it when the package is in its challenges folder (unless configured).
        var cache = options.Value.GeneratedDataPath.Length > 0 ? options.Value.ResolvedGeneratedDataPath
            : Path.Combine(Path.GetDirectoryName(root)!, ".generated");
        if (Generators.TestDataGenerator.IsNeeded(root))
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var generated = await generator.EnsureAsync(root, cache, step => onLine?.Invoke(new CheckLine(CheckState.Info, step)), cancellationToken);
            if (generated is not null)
                Add(generated.Cases > 0 ? CheckState.Passed : CheckState.Warning,
                    generated.FromCache ? $"data/ generated from generators/generators.yaml earlier: {generated.Cases} test cases (cached in {generated.Directory})"
                        : $"data/ generated from generators/generators.yaml in the sandbox: {generated.Cases} test cases in {stopwatch.Elapsed.TotalSeconds:0.0} s" +
                          (generated.NotCached ? " (not cached: the sandbox was not available)" : $" (cached in {generated.Directory})"));
        }
        var loaded = PackageLoader.Load(root, options.Value.ToPackageDefaults() with { GeneratedDataPath = cache });
        if (loaded.IsLoaded)
            Add(CheckState.Passed, $"problem.yaml and the package layout load ({PackageFormats.Describe(loaded.Package.Format)} rules" +
                                   $"{(loaded.Package.RootGroup.Scoring.Legacy is not null ? ", legacy grading" : "")})");
        foreach (var problem in loaded.Errors) Add(CheckState.Failed, $"does not load: {problem}");
        foreach (var warning in loaded.Warnings) Add(CheckState.Warning, warning.ToString());
        if (loaded.IsLoaded)
            Add(CheckState.Info, "limits: " + string.Join("; ", LimitSources.Describe(loaded.Package.Limits).Select(l => $"{l.Name} {l.Value} ({l.Source})")));

        CheckSamples(loaded.Package?.DataDirectory ?? root, Add);
        CheckAnswerFiles(loaded.Package?.DataDirectory ?? root, Add);

        double? inferred = null;
        var outcomes = new List<SubmissionResult>();
        if (loaded is { IsLoaded: true, Package.NotJudgedReason: { } reason })
        {
            Add(CheckState.Warning, $"{reason}: validators and example submissions not run");
        }
        else if (loaded.IsLoaded)
        {
            var package = loaded.Package;
            await inputValidators.CheckAsync(package, Add, cancellationToken);
            if (package.Interactive)
                Add(CheckState.Info, "interactive: the answer files are the interactor's, not outputs to check (the spec checks them only for other problems)");
            else
                await CheckAnswersAgainstOutputValidatorAsync(package, Add, cancellationToken);
            inferred = await CheckSubmissionsAsync(package, Add, language ?? languages.Default, outcomes, cancellationToken);
        }
        else
        {
            Add(CheckState.Info, "validators and example submissions not run: the package must load first");
        }
        return new PackageReport(Path.GetFileName(root), root, lines, inferred)
        {
            Loaded = loaded.IsLoaded,
            NotJudgedReason = loaded.Package?.NotJudgedReason,
            TestCount = loaded.Package?.Tests.Count ?? 0,
            LoadErrors = loaded.Errors,
            Submissions = outcomes,
            Language = (language ?? languages.Default).Id,
        };
    }

    private static void CheckSamples(string root, Action<CheckState, string> add)
    {
        var sample = Path.Combine(root, "data", "sample");
        var count = Directory.Exists(sample) ? Directory.EnumerateFiles(sample, "*.in", SearchOption.AllDirectories).Count() : 0;
        if (count > 0) add(CheckState.Passed, $"{count} sample{(count == 1 ? "" : "s")} in data/sample");
        else add(CheckState.Warning, "no samples: data/sample/ has no .in files, and participants learn the format from them");
    }

    private static void CheckAnswerFiles(string root, Action<CheckState, string> add)
    {
        var data = Path.Combine(root, "data");
        if (!Directory.Exists(data))
        {
            add(CheckState.Warning, "no data/ folder: the package is listed, but it cannot be judged until it has test data in data/secret");
            return;
        }
        var inputs = Directory.EnumerateFiles(data, "*.in", SearchOption.AllDirectories)
            .Where(f => !NotTestData.Any(n => PackageFiles.Relative(data, f).StartsWith(n + "/", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        var missing = inputs.Where(f => !File.Exists(Path.ChangeExtension(f, ".ans"))).Select(f => PackageFiles.Relative(root, f)).ToList();
        if (missing.Count == 0) add(CheckState.Passed, $"every .in has an .ans ({inputs.Count} test{(inputs.Count == 1 ? "" : "s")})");
        else add(CheckState.Warning, $"missing answer files: no .ans for {string.Join(", ", missing)}: those test cases are skipped");
    }

    private async Task CheckAnswersAgainstOutputValidatorAsync(ChallengePackage package, Action<CheckState, string> add, CancellationToken cancellationToken)
    {
        var which = package.Validation is CustomOutputValidation custom
            ? $"custom {custom.Language} output validator (sandboxed)"
            : "default output validator";
        var rejected = new List<string>();
        try
        {
            await using var check = await outputChecks.StartAsync(package, cancellationToken);
            foreach (var test in package.Tests)
            {
                var result = await check.CheckAsync(test, await File.ReadAllBytesAsync(test.InputPath, cancellationToken),
                    await File.ReadAllBytesAsync(test.AnswerPath, cancellationToken), cancellationToken);
                if (result.Verdict != Verdict.AC) rejected.Add($"{test.Name} ({result.Verdict}: {Shorten(result.Message)})");
            }
        }
        catch (SandboxException ex)
        {
            add(CheckState.Failed, $"{which} could not run: {ex.Message}");
            return;
        }
        if (rejected.Count == 0) add(CheckState.Passed, $"{which} accepts every .ans on its own input");
        else add(CheckState.Failed, $"{which} rejects the answer file of {Listing(rejected)}");
    }

    /// <summary>Judges every example submission; returns the inferred time limit when problem.yaml gives none.</summary>
    private async Task<double?> CheckSubmissionsAsync(ChallengePackage package, Action<CheckState, string> add, Language language,
        List<SubmissionResult> results, CancellationToken cancellationToken)
    {
        if (language.Id != languages.Default.Id)
            add(CheckState.Info, $"example submissions run under {language.Name} {language.Version}");
        var submissions = package.ExampleSubmissions.OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        var accepted = submissions.Where(s => s.PermittedVerdicts is [Verdict.AC]).ToList();
        if (accepted.Count == 0)
            add(CheckState.Warning, "no accepted example submission (submissions/accepted/*.py): nothing shows the problem can be solved");

        var multipliers = TimeMultipliers.Read(package.Directory);
        var inferring = package.Limits.TimeLimitSource == TimeLimitSource.Default;
        var given = package.Limits.TimeLimit;
        // Accepted submissions first, with room to spare, so their CPU times can set (or check) the limit.
        var generous = given > GenerousTimeLimit ? given : GenerousTimeLimit;
        var acceptedResults = new List<(ExampleSubmission Submission, SubmissionOutcome Outcome)>();
        foreach (var submission in accepted)
            acceptedResults.Add((submission, await JudgeAsync(package, submission, generous, language, cancellationToken)));

        var slowestAc = acceptedResults.Select(r => MaxCpuMs(r.Outcome)).DefaultIfEmpty(0).Max() / 1000.0;
        TimeSpan limit = given;
        double? inferred = null;
        if (inferring && acceptedResults.Count > 0)
        {
            var inference = TimeLimitInference.Infer(slowestAc, null, multipliers);
            inferred = inference.Seconds;
            limit = TimeSpan.FromSeconds(inference.Seconds!.Value);
            add(CheckState.Info, $"time limit not set in problem.yaml: inferred {Seconds(limit)} ({inference.Explanation}); " +
                                 $"the server uses its default {Seconds(given)} until limits.time_limit is set");
        }
        else if (inferring)
        {
            add(CheckState.Warning, $"time limit not set and no accepted submission to infer it from: the server's default {Seconds(given)} applies");
        }
        else
        {
            var source = package.Limits.TimeLimitSource == TimeLimitSource.TimelimitFile ? ".timelimit" : "problem.yaml";
            if (slowestAc * multipliers.AcToTimeLimit > given.TotalSeconds && slowestAc <= given.TotalSeconds)
                add(CheckState.Warning, $"time limit {Seconds(given)} ({source}) is less than {multipliers.AcToTimeLimit:0.##} × the slowest accepted " +
                                        $"submission ({slowestAc:0.###} s): a busy judge may time it out");
            else
                add(CheckState.Passed, $"time limit {Seconds(given)} ({source})" + (acceptedResults.Count > 0 ? $"; slowest accepted {slowestAc:0.###} s" : ""));
        }

        foreach (var (submission, outcome) in acceptedResults)
        {
            var tooSlow = MaxCpuMs(outcome) > limit.TotalMilliseconds;
            var line = Describe(package, submission, outcome);
            if (outcome.Verdict == Verdict.AC && tooSlow)
            {
                add(CheckState.Failed, $"{line}, but only with more time: the time limit is {Seconds(limit)}");
                results.Add(Result(package, submission, outcome with { Verdict = Verdict.TLE }, false));
            }
            else
            {
                results.Add(Result(package, submission, outcome, Report(package, submission, outcome, line, add)));
            }
        }

        // time_limit_exceeded submissions must still be too slow with the spec's margin above the limit.
        var tleLimit = TimeSpan.FromSeconds(limit.TotalSeconds * multipliers.TimeLimitToTle);
        foreach (var submission in submissions.Except(accepted))
        {
            var needsTle = submission.RequiredVerdicts is [Verdict.TLE];
            var outcome = await JudgeAsync(package, submission, needsTle ? tleLimit : limit, language, cancellationToken);
            var line = Describe(package, submission, outcome) + (needsTle ? $" (judged with {Seconds(tleLimit)} = limit × {multipliers.TimeLimitToTle:0.##})" : "");
            results.Add(Result(package, submission, outcome, Report(package, submission, outcome, line, add)));
        }
        return inferred;
    }

    private static SubmissionResult Result(ChallengePackage package, ExampleSubmission submission, SubmissionOutcome outcome, bool holds) =>
        new(PackageFiles.Relative(Path.Combine(package.Directory, "submissions"), submission.Path), submission.Folder, outcome.Verdict, outcome.Score, holds)
        {
            ExpectedResults = submission.ExpectedResults,
            Python2 = outcome.Verdict == Verdict.CE && outcome.Message?.Contains("Missing parentheses in call to 'print'", StringComparison.Ordinal) == true,
        };

    private async Task<SubmissionOutcome> JudgeAsync(ChallengePackage package, ExampleSubmission submission, TimeSpan limit, Language language,
        CancellationToken cancellationToken)
    {
        // The 2025-09 spec lists example submissions among the files whose {{constants}} are replaced, but BAPCtools
        // does not replace them, and its own test package labels a submission relying on it wrong_answer: as labelled.
        var source = await File.ReadAllTextAsync(submission.Entry, cancellationToken);
        // A multi-file submission: the other files keep their place relative to the entry point's folder.
        var baseDirectory = Path.GetDirectoryName(submission.Entry)!;
        var others = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in submission.Files.Where(f => f != submission.Entry))
            others[Path.GetRelativePath(baseDirectory, file).Replace('\\', '/')] = await File.ReadAllBytesAsync(file, cancellationToken);
        try
        {
            return await judge.JudgeAsync(package, source, cancellationToken, timeLimit: limit, language: language, otherFiles: others);
        }
        catch (SandboxException ex)
        {
            return new SubmissionOutcome(Verdict.JE, null, ex.Message, []);
        }
    }

    /// <summary>Reports whether the submission got what its folder expects (see ExampleSubmissionReader); true when it did.</summary>
    private static bool Report(ChallengePackage package, ExampleSubmission submission, SubmissionOutcome outcome, string line, Action<CheckState, string> add)
    {
        // Legacy grading judges the submission's verdict, as problemtools does (accept_if_any_accepted may accept a
        // submission with a rejected test); 2025-09 requires a permitted verdict on every test case.
        var verdicts = package.RootGroup.Scoring.Legacy is not null
            ? [outcome.Verdict]
            : outcome.Tests.Select(t => t.Verdict).Append(outcome.Verdict).Distinct().ToList();
        var notPermitted = verdicts.Where(v => !submission.PermittedVerdicts.Contains(v)).ToList();
        var where = submission.ExpectedResults is { } expected ? $"by its '@EXPECTED_RESULTS@: {expected}'" : $"in {submission.Folder}/";
        if (notPermitted.Count > 0)
        {
            var why = outcome.Verdict is Verdict.JE or Verdict.CE && outcome.Message is { Length: > 0 } message ? $" ({Shorten(message)})" : "";
            add(CheckState.Failed, $"{line}{why}: {string.Join(", ", notPermitted)} is not permitted {where} " +
                                   $"(permitted: {string.Join(", ", submission.PermittedVerdicts)})");
            return false;
        }
        var required = submission.RequiredVerdicts;
        if (required.Count > 0 && !verdicts.Any(required.Contains))
        {
            add(CheckState.Failed, $"{line}: {(submission.ExpectedResults is null ? $"a submission in {submission.Folder}/" : "its tag says it")} must get " +
                                   $"{string.Join(" or ", required)} on some test");
            return false;
        }
        add(CheckState.Passed, line);
        return true;
    }

    private static string Describe(ChallengePackage package, ExampleSubmission submission, SubmissionOutcome outcome)
    {
        var name = PackageFiles.Relative(Path.Combine(package.Directory, "submissions"), submission.Path);
        var score = outcome.Score is { } s ? $", score {s.ToString("0.###", CultureInfo.InvariantCulture)}" : "";
        var expected = submission.ExpectedResults is { } text ? $" (@EXPECTED_RESULTS@: {text})" : "";
        return $"{name}{expected}: {outcome.Verdict}{score}, max CPU {MaxCpuMs(outcome)} ms";
    }

    private static int MaxCpuMs(SubmissionOutcome outcome) => outcome.Tests.Select(t => t.CpuMs).DefaultIfEmpty(0).Max();

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    internal static string Listing(List<string> items) =>
        items.Count <= 5 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(5))} and {items.Count - 5} more";

    internal static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 160 ? oneLine : oneLine[..160] + "…";
    }
}
