using Apug.Server.Challenges;
using Apug.Server.Judging;

namespace Apug.Tests.Challenges;

/// <summary>
/// Legacy grading as problemtools' default grader does it: verdicts (worst_error, first_error, always_accept,
/// accept_if_any_accepted), on_reject break/continue deciding which tests are run at all, ignore_sample and scores.
/// </summary>
public class LegacyGradingTests
{
    private static (TestGroup Root, TemporaryFolder Folder) Package(string problemYaml, params (string File, string Text)[] files)
    {
        var folder = new TemporaryFolder();
        folder.Write("problem.yaml", problemYaml).Write("problem_statement/problem.en.md", "x\n");
        foreach (var (file, text) in files) folder.Write(file, text);
        var result = PackageLoader.Load(folder.FullPath, PackageDefaults.Standard);
        Assert.True(result.IsLoaded, string.Join("\n", result.Errors));
        return (result.Package.RootGroup, folder);
    }

    private static (string, string)[] Tests(string group, int count) =>
        Enumerable.Range(1, count).SelectMany(i => new[] { ($"data/{group}/{i}.in", $"{i}\n"), ($"data/{group}/{i}.ans", $"{i}\n") }).ToArray();

    private static Dictionary<string, TestScoreOutcome> Outcomes(params (string Name, Verdict Verdict)[] results) =>
        results.ToDictionary(r => r.Name, r => new TestScoreOutcome(r.Verdict));

    /// <summary>Runs tests in order as the judge does: a test runs only when the grader would look at it next.</summary>
    private static List<string> Run(TestGroup root, Func<string, Verdict> verdictOf)
    {
        var outcomes = new Dictionary<string, TestScoreOutcome>();
        var run = new List<string>();
        foreach (var test in root.AllTests())
        {
            if (Scoring.LegacyNextTest(root, outcomes)?.Name != test.Name) continue;
            outcomes[test.Name] = new TestScoreOutcome(verdictOf(test.Name));
            run.Add(test.Name);
        }
        Assert.Null(Scoring.LegacyNextTest(root, outcomes));
        return run;
    }

    [Fact]
    public void DefaultGradingStopsAtTheFirstRejectionAndReportsIt()
    {
        var (root, folder) = Package("name: X\n", [.. Tests("sample", 1), .. Tests("secret", 3)]);
        using var _ = folder;
        var ran = Run(root, name => name == "secret/2" ? Verdict.TLE : Verdict.AC);
        Assert.Equal(["sample/1", "secret/1", "secret/2"], ran);
        Assert.Equal(Verdict.TLE, Scoring.LegacyVerdict(root, Outcomes(("sample/1", Verdict.AC), ("secret/1", Verdict.AC), ("secret/2", Verdict.TLE))));
    }

    [Fact]
    public void WorstErrorIsTheDefaultWhenJudgingContinues()
    {
        var (root, folder) = Package("name: X\n", [("data/secret/testdata.yaml", "on_reject: continue\n"), .. Tests("sample", 1), .. Tests("secret", 3)]);
        using var _ = folder;
        Assert.Equal(["sample/1", "secret/1", "secret/2", "secret/3"], Run(root, name => name.StartsWith("sample", StringComparison.Ordinal) ? Verdict.AC : Verdict.WA));
        // JE > RTE > MLE > TLE > OLE > WA: the run-time error wins although the wrong answer came first.
        Assert.Equal(Verdict.RTE, Scoring.LegacyVerdict(root,
            Outcomes(("sample/1", Verdict.AC), ("secret/1", Verdict.WA), ("secret/2", Verdict.RTE), ("secret/3", Verdict.TLE))));
    }

    [Fact]
    public void FirstErrorReportsTheFirstRejection()
    {
        var (root, folder) = Package("name: X\n", [("data/secret/testdata.yaml", "on_reject: continue\ngrader_flags: first_error\n"), .. Tests("sample", 1), .. Tests("secret", 3)]);
        using var _ = folder;
        Assert.Equal(Verdict.WA, Scoring.LegacyVerdict(root,
            Outcomes(("sample/1", Verdict.AC), ("secret/1", Verdict.WA), ("secret/2", Verdict.RTE), ("secret/3", Verdict.AC))));
    }

    [Fact]
    public void AcceptIfAnyAcceptedAndAlwaysAcceptAcceptAGroupWithRejections()
    {
        var (root, folder) = Package("name: X\n", [
            ("data/secret/testdata.yaml", "on_reject: continue\n"),
            ("data/secret/any/testdata.yaml", "grader_flags: accept_if_any_accepted\n"),
            ("data/secret/always/testdata.yaml", "on_reject: break\ngrader_flags: always_accept\n"),
            .. Tests("sample", 1), .. Tests("secret/any", 2), .. Tests("secret/always", 2)]);
        using var _ = folder;
        var outcomes = Outcomes(("sample/1", Verdict.AC), ("secret/always/1", Verdict.WA), ("secret/any/1", Verdict.WA), ("secret/any/2", Verdict.AC));
        Assert.Equal(Verdict.AC, Scoring.LegacyVerdict(root, outcomes));
        // always_accept with on_reject: break still stops judging its group at the rejection.
        Assert.Equal(["sample/1", "secret/always/1", "secret/any/1", "secret/any/2"],
            Run(root, name => outcomes.TryGetValue(name, out var o) ? o.Verdict : Verdict.WA));
        Assert.Equal(Verdict.WA, Scoring.LegacyVerdict(root, Outcomes(("sample/1", Verdict.AC), ("secret/always/1", Verdict.AC),
            ("secret/always/2", Verdict.AC), ("secret/any/1", Verdict.WA), ("secret/any/2", Verdict.WA))));
    }

    [Fact]
    public void IgnoreSampleScoresSecretButAStoppedRunKeepsTheSampleResult()
    {
        var (root, folder) = Package("name: X\ntype: scoring\n", [
            ("data/testdata.yaml", "grader_flags: ignore_sample\n"), // on_reject: break by default
            ("data/secret/testdata.yaml", "accept_score: 25\n"),
            .. Tests("sample", 1), .. Tests("secret", 4)]);
        using var _ = folder;
        var all = root.AllTests().ToDictionary(t => t.Name, _ => new TestScoreOutcome(Verdict.AC));
        Assert.Equal(100, Scoring.Score(root, all).Total);
        // The sample fails: judging stops there (break), and the grader sees only that last result, as default_grader does.
        var sampleFails = Outcomes(("sample/1", Verdict.WA));
        Assert.Null(Scoring.LegacyNextTest(root, sampleFails));
        Assert.Equal((Verdict.WA, 0.0), (Scoring.LegacyVerdict(root, sampleFails), Scoring.Score(root, sampleFails).Total));
    }

    [Fact]
    public void PassFailJudgingRunsOnlyWhatTheGraderNeeds()
    {
        var (root, folder) = Package("name: X\n", [
            ("data/secret/testdata.yaml", "on_reject: continue\ngrader_flags: accept_if_any_accepted\n"),
            .. Tests("sample", 1), .. Tests("secret", 2)]);
        using var _ = folder;
        Assert.Equal(["sample/1"], Run(root, _ => Verdict.WA)); // the sample group breaks, then data/ breaks
        Assert.Equal(["sample/1", "secret/1", "secret/2"], Run(root, name => name == "secret/1" ? Verdict.WA : Verdict.AC));
    }
}
