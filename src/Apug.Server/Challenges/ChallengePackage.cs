using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>A loaded Kattis problem package. Immutable: a reload produces a new instance.</summary>
public sealed record ChallengePackage(
    string Id,                       // the package folder name
    string Name,                     // English name (or the first language given)
    ProblemType Type,
    ChallengeLimits Limits,
    ChallengeStatement Statement,
    IReadOnlyList<TestCase> Tests,   // samples first, then secret, in the spec's order
    TestGroup RootGroup,             // data/ as a tree of groups (scoring rules live here)
    OutputValidation Validation,
    IReadOnlyList<ExampleSubmission> ExampleSubmissions,
    string ContentHash,              // SHA-256 over every file in the package (path + bytes)
    string Directory)                // absolute path of the package folder
{
    /// <summary>The folder whose data/ holds the tests: the package itself, or the cache of data generated from generators.yaml.</summary>
    public string DataDirectory { get; init; } = Directory;

    /// <summary>The rules the package was read by (problem_format_version).</summary>
    public PackageFormat Format { get; init; } = PackageFormat.Version2025;

    /// <summary>What loaded but deserves the organiser's eye (no statement, only samples, ...): logged, in validate and the admin page.</summary>
    public IReadOnlyList<PackageIssue> Warnings { get; init; } = [];

    /// <summary>
    /// Set for problem types this judge lists but cannot judge yet ("interactive", "multi-pass", "submit-answer"):
    /// submissions to it are refused with this reason.
    /// </summary>
    public string? NotJudgedReason { get; init; }

    /// <summary>2025-09 <c>type: interactive</c> or legacy <c>validation: custom interactive</c>: the output validator is the
    /// interactor, run beside the submission for every test.</summary>
    public bool Interactive { get; init; }

    /// <summary>data/sample/*.interaction transcripts by sample name ("sample/1"), for the page's in-browser replay.</summary>
    public IReadOnlyDictionary<string, string> Interactions { get; init; } = new Dictionary<string, string>();

    /// <summary>problem.yaml constants by "name" and "name.variant", substituted for {{name}} in statements and validators.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();

    /// <summary>The organisers' hints from hints/ (an extension of this judge), by number; released during the contest.</summary>
    public IReadOnlyList<PackageHint> Hints { get; init; } = [];

    /// <summary>Text with every {{name}} / {{name.variant}} of a known constant replaced (spec 2025-09 "Constants").</summary>
    public string SubstituteConstants(string text) => StatementReader.SubstituteConstants(text, Constants);

    /// <summary>A validator's file as the sandbox gets it: 2025-09 replaces {{constants}} in validators' sources and headers.</summary>
    public async Task<byte[]> ReadValidatorFileAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Constants.Count > 0 && Path.GetExtension(path) is ".py" or ".cpp" or ".cc" or ".cxx" or ".c" or ".h" or ".hpp"
            ? System.Text.Encoding.UTF8.GetBytes(SubstituteConstants(System.Text.Encoding.UTF8.GetString(bytes)))
            : bytes;
    }
}

public enum ProblemType { PassFail, Scoring }

/// <summary>Limits resolved from problem.yaml, .timelimit and configured defaults.</summary>
public sealed record ChallengeLimits(
    TimeSpan TimeLimit,
    TimeLimitSource TimeLimitSource,
    int MemoryMiB,
    int OutputMiB,
    int? CodeKiB)
{
    public LimitSource MemorySource { get; init; } = LimitSource.Default;
    public LimitSource OutputSource { get; init; } = LimitSource.Default;
    public LimitSource CodeSource => CodeKiB is null ? LimitSource.Default : LimitSource.ProblemYaml;
}

public enum TimeLimitSource { ProblemYaml, TimelimitFile, Default }

/// <summary>Where a memory, output or code limit came from: the package's problem.yaml, or the server's configured default.</summary>
public enum LimitSource { ProblemYaml, Default }

public sealed record ChallengeStatement(
    StatementFormat Format,
    string Html,                     // rendered Markdown or LaTeX; math is left as \( \) and \[ \] for KaTeX in the page
    string? PdfPath);                // absolute path of problem.pdf when present

public enum StatementFormat { Markdown, Latex, None }

/// <summary>One test case. Name is the path under data/ without extension, e.g. "sample/1" or "secret/group1/03".</summary>
public sealed record TestCase(
    string Name,
    string Group,                    // the containing group path, e.g. "sample", "secret", "secret/group1"
    bool IsSample,
    string InputPath,
    string AnswerPath);

/// <summary>A node of data/: sample, secret and (nested) groups below secret.</summary>
public sealed record TestGroup(
    string Path,                     // "" for data/ itself, then "sample", "secret", "secret/group1"
    IReadOnlyList<TestGroup> Groups,
    IReadOnlyList<TestCase> Tests,
    GroupScoring Scoring);

/// <summary>How a group's score is formed from its children (spec: sum by default, or min; an optional max score).</summary>
public sealed record GroupScoring(ScoreAggregation Aggregation, double? MaxScore)
{
    /// <summary>2025-09 <c>require_pass</c>: groups (e.g. "sample", "secret/group1") whose tests must all be accepted for this group to score.</summary>
    public IReadOnlyList<string> RequirePass { get; init; } = [];

    /// <summary>Set only for legacy-format scoring problems: the testdata.yaml grading, which Scoring uses instead of Aggregation/MaxScore.</summary>
    public LegacyGrading? Legacy { get; init; }
}

// PassFail (2025-09 default for groups below secret): the group scores MaxScore when every test in it is accepted, else 0.
public enum ScoreAggregation { Sum, Min, PassFail }

/// <summary>
/// Legacy testdata.yaml grading (default grader only). A test scores AcceptScore (or its score.txt) when accepted and
/// RejectScore otherwise; a group combines its children's scores by ScoreMode. With BreakOnReject (on_reject: break)
/// children after the first rejected one are left out. The verdict flags only decide whether a group counts as accepted.
/// </summary>
public sealed record LegacyGrading(
    LegacyScoreMode ScoreMode,
    double AcceptScore,
    double RejectScore,
    double RangeMin,                 // -inf when not given
    double RangeMax,                 // +inf when not given
    bool BreakOnReject,
    bool IgnoreSample,               // root only: the submission score is that of secret
    bool AlwaysAccept,
    bool AcceptIfAnyAccepted,
    bool FirstError = false);        // first_error: the first rejection's verdict; else worst_error (the default)

public enum LegacyScoreMode { Sum, Avg, Min, Max }

public abstract record OutputValidation;

/// <summary>The spec's default output validator and its flags.</summary>
public sealed record DefaultOutputValidation(
    bool CaseSensitive,
    bool SpaceChangeSensitive,
    double? FloatAbsoluteTolerance,
    double? FloatRelativeTolerance) : OutputValidation
{
    /// <summary>Test cases (by name) whose group sets other output_validator_args, with their own flags; null: none do.</summary>
    public IReadOnlyDictionary<string, DefaultOutputValidation>? ByTest { get; init; }

    /// <summary>The flags that check this test case's output.</summary>
    public DefaultOutputValidation For(TestCase test) => ByTest?.GetValueOrDefault(test.Name) ?? this;
}

/// <summary>An organiser-written validator; it only ever runs inside a sandbox container.</summary>
public sealed record CustomOutputValidation(
    ValidatorLanguage Language,
    string Directory,                // the validator's folder
    IReadOnlyList<string> SourceFiles, // absolute paths
    IReadOnlyList<string> Arguments) : OutputValidation // extra flags appended after input answer feedback_dir
{
    /// <summary>Every file to upload with it (headers, helpers), absolute; defaults to SourceFiles.</summary>
    public IReadOnlyList<string>? Files { get; init; }
}

public enum ValidatorLanguage { Python, Cpp, C }

/// <summary>A file under submissions/&lt;folder&gt;/ and the verdicts each of its test cases may get.</summary>
public sealed record ExampleSubmission(string Path, string Folder, IReadOnlyList<Verdict> PermittedVerdicts)
{
    /// <summary>At least one test case (or the submission's verdict) must get one of these; empty: nothing required.</summary>
    public IReadOnlyList<Verdict> RequiredVerdicts { get; init; } = [];

    /// <summary>The DOMjudge <c>@EXPECTED_RESULTS@:</c> list that set the expectation, when one did (not the folder).</summary>
    public string? ExpectedResults { get; init; }

    /// <summary>The file that runs: Path itself, or the entry point when Path is a folder of several Python files.</summary>
    public string Entry { get; init; } = Path;

    /// <summary>Every Python file of the submission (absolute); the others are uploaded beside the entry point.</summary>
    public IReadOnlyList<string> Files { get; init; } = [Path];
}
