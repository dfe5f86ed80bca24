using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>
/// Which tests a submission runs and what its verdict is, by the package's grading rules: legacy packages (and
/// 2023-07-draft ones with legacy testdata.yaml) follow problemtools' default grader (on_reject, first_error,
/// worst_error, accept_if_any_accepted, ...); the others stop a pass-fail submission at its first rejection.
/// </summary>
public static class PackageGrading
{
    /// <summary>Whether the test, next in order, must run given the results so far.</summary>
    public static bool ShouldRun(ChallengePackage package, TestCase test, IReadOnlyList<TestOutcome> resultsSoFar)
    {
        if (resultsSoFar.Any(r => r.Verdict == Verdict.JE)) return false;
        if (package.RootGroup.Scoring.Legacy is null)
            return resultsSoFar.All(r => Verdicts.ShouldContinue(package.Type, r.Verdict));
        return Scoring.LegacyNextTest(package.RootGroup, Outcomes(resultsSoFar))?.Name == test.Name;
    }

    public static Verdict Decide(ChallengePackage package, IReadOnlyList<TestOutcome> results)
    {
        if (package.RootGroup.Scoring.Legacy is null || results.Any(r => r.Verdict == Verdict.JE))
            return Verdicts.Decide(results, package.Tests.Count);
        return Scoring.LegacyVerdict(package.RootGroup, Outcomes(results));
    }

    private static Dictionary<string, TestScoreOutcome> Outcomes(IReadOnlyList<TestOutcome> results) =>
        results.ToDictionary(r => r.Name, r => new TestScoreOutcome(r.Verdict, r.Score));
}
