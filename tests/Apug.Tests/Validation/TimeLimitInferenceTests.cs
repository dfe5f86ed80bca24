using Apug.Server.Challenges.Validation;

namespace Apug.Tests.Validation;

public class TimeLimitInferenceTests
{
    [Theory]
    [InlineData(0.010, 1.0)]  // fast solutions still get one whole resolution step
    [InlineData(0.500, 1.0)]  // exactly 2 × 0.5 = 1, not rounded up to 2
    [InlineData(0.600, 2.0)]
    [InlineData(1.400, 3.0)]
    public void TheLimitIsTheSmallestResolutionMultipleAtLeastTwiceTheSlowestAccepted(double slowestAc, double expected)
    {
        var result = TimeLimitInference.Infer(slowestAc, null, new TimeMultipliers());
        Assert.Equal(expected, result.Seconds);
    }

    [Fact]
    public void MultipliersAndResolutionFromProblemYamlAreUsed()
    {
        var result = TimeLimitInference.Infer(0.3, null, new TimeMultipliers(AcToTimeLimit: 3, TimeLimitToTle: 1.5, Resolution: 0.25));
        Assert.Equal(1.0, result.Seconds); // 0.9 rounded up to a multiple of 0.25
    }

    [Fact]
    public void ATimeLimitExceededSubmissionFasterThanTheMarginAllowsMeansNoLimitFits()
    {
        var result = TimeLimitInference.Infer(0.6, fastestTleSeconds: 2.5, new TimeMultipliers());
        Assert.Null(result.Seconds); // 2 s × 1.5 = 3 s > 2.5 s
        Assert.Contains("no time limit fits", result.Explanation);
        Assert.Equal(2.0, TimeLimitInference.Infer(0.6, fastestTleSeconds: 3.0, new TimeMultipliers()).Seconds);
    }

    [Fact]
    public void MultipliersAreReadFromProblemYamlWithTheSpecsDefaults()
    {
        using var folder = new Challenges.TemporaryFolder();
        folder.Write("a/problem.yaml", "problem_format_version: 2025-09\nname: A\nlimits:\n  time_resolution: 0.5\n  time_multipliers:\n    ac_to_time_limit: 3\n");
        folder.Write("b/problem.yaml", "problem_format_version: 2025-09\nname: B\n");
        Assert.Equal(new TimeMultipliers(3, 1.5, 0.5), TimeMultipliers.Read(folder.Combine("a")));
        Assert.Equal(new TimeMultipliers(2, 1.5, 1), TimeMultipliers.Read(folder.Combine("b")));
        folder.Write("c/problem.yaml", "name: C\nlimits:\n  time_multiplier: 5\n  time_safety_margin: 4\n");
        Assert.Equal(new TimeMultipliers(5, 4, 1), TimeMultipliers.Read(folder.Combine("c"))); // legacy keys
    }
}
