namespace Apug.Server.Challenges.Validation;

/// <summary>
/// The 2025-09 limits.time_multipliers and time_resolution (problem.yaml), with the spec's defaults; a legacy
/// package's limits.time_multiplier and time_safety_margin stand for ac_to_time_limit and time_limit_to_tle.
/// </summary>
public sealed record TimeMultipliers(double AcToTimeLimit = 2.0, double TimeLimitToTle = 1.5, double Resolution = 1.0)
{
    public static TimeMultipliers Read(string packageRoot)
    {
        var errors = new List<PackageIssue>();
        if (!File.Exists(Path.Combine(packageRoot, "problem.yaml"))) return new();
        var limits = PackageYaml.Load(packageRoot, "problem.yaml", errors)?.Map("limits");
        var multipliers = limits?.Map("time_multipliers");
        return new TimeMultipliers(
            multipliers?.Number("ac_to_time_limit", v => v >= 1, "at least 1") ?? limits?.Number("time_multiplier", v => v >= 1, "at least 1") ?? 2.0,
            multipliers?.Number("time_limit_to_tle", v => v >= 1, "at least 1") ?? limits?.Number("time_safety_margin", v => v >= 1, "at least 1") ?? 1.5,
            limits?.Number("time_resolution", v => v > 0, "above 0") ?? 1.0);
    }
}

/// <summary>
/// Spec 2025-09 "Problem timing": with no time_limit, the limit is the smallest multiple of time_resolution with
/// T_ac × ac_to_time_limit ≤ limit and limit × time_limit_to_tle ≤ T_tle (T_tle is infinite without TLE submissions).
/// </summary>
public static class TimeLimitInference
{
    public sealed record Result(double? Seconds, string Explanation);

    public static Result Infer(double slowestAcceptedSeconds, double? fastestTleSeconds, TimeMultipliers multipliers)
    {
        var lower = slowestAcceptedSeconds * multipliers.AcToTimeLimit;
        // A tiny epsilon so 0.5 × 2 lands on 1, not 2, despite floating point.
        var steps = Math.Max(1, Math.Ceiling(lower / multipliers.Resolution - 1e-9));
        var seconds = steps * multipliers.Resolution;
        var explanation = $"slowest accepted {slowestAcceptedSeconds:0.###} s × {multipliers.AcToTimeLimit:0.##} = {lower:0.###} s, " +
                          $"rounded up to a multiple of {multipliers.Resolution:0.###} s";
        if (fastestTleSeconds is { } tle && seconds * multipliers.TimeLimitToTle > tle)
        {
            return new Result(null, $"{explanation} gives {seconds:0.###} s, but {seconds:0.###} s × {multipliers.TimeLimitToTle:0.##} " +
                                    $"is more than the fastest time_limit_exceeded submission ({tle:0.###} s): no time limit fits");
        }
        return new Result(seconds, explanation);
    }
}
