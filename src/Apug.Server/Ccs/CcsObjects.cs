using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apug.Server.Ccs;

// The objects of the ICPC CCS Contest API, release 2023-06 (icpc/ccs-specs, Contest_API.md), as this judge fills them.
// Properties serialise in snake_case; those the spec forbids in some cases (penalty_time in a score contest, time on an
// unsolved cell, ...) are left out when null rather than sent as null.

public sealed record CcsFile(string Href, string Filename, string Mime);

public sealed record CcsProvider(string Name, string Version);

public sealed record CcsApiInfo(string Version, string VersionUrl, CcsProvider Provider);

public sealed record CcsContest(
    string Id, string Name, string FormalName, string? StartTime, string Duration, string? ScoreboardFreezeDuration, string ScoreboardType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PenaltyTime);

public sealed record CcsJudgementType(
    string Id, string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Penalty, bool Solved);

public sealed record CcsLanguage(string Id, string Name, bool EntryPointRequired, IReadOnlyList<string> Extensions);

public sealed record CcsProblem(
    string Id, string Label, string Name, int Ordinal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rgb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TimeLimit,
    int TestDataCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MaxScore);

public sealed record CcsGroup(string Id, string Name);

public sealed record CcsOrganization(string Id, string Name);

public sealed record CcsTeam(string Id, string Name, string Label, string? OrganizationId, IReadOnlyList<string> GroupIds, bool Hidden);

/// <summary>A team member as registered (organisers only: the public board shows teams, not people).</summary>
public sealed record CcsPerson(string Id, IReadOnlyList<string> TeamIds, string Name, string Role);

/// <summary>Who logs in: each team (with its token, never shown) and the organisers (the admin token).</summary>
public sealed record CcsAccount(
    string Id, string Username, string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TeamId);

public sealed record CcsState(string? Started, string? Frozen, string? Ended, string? Thawed, string? Finalized, string? EndOfUpdates);

public sealed record CcsSubmission(
    string Id, string LanguageId, string ProblemId, string TeamId, string Time, string ContestTime, string EntryPoint, IReadOnlyList<CcsFile> Files);

public sealed record CcsJudgement(
    string Id, string SubmissionId, string? JudgementTypeId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    string StartTime, string StartContestTime, string? EndTime, string? EndContestTime, double? MaxRunTime);

public sealed record CcsRun(string Id, string JudgementId, int Ordinal, string JudgementTypeId, string Time, string ContestTime, double RunTime);

public sealed record CcsClarification(
    string Id, string? FromTeamId, string? ToTeamId, string? ReplyToId, string? ProblemId, string Text, string Time, string ContestTime);

public sealed record CcsAward(string Id, string Citation, IReadOnlyList<string> TeamIds);

public sealed record CcsScore(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NumSolved,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TotalTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Time);

public sealed record CcsScoreboardProblem(
    string ProblemId, int NumJudged, int NumPending,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Solved,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Time);

public sealed record CcsScoreboardRow(int Rank, string TeamId, CcsScore Score, IReadOnlyList<CcsScoreboardProblem> Problems);

public sealed record CcsScoreboard(string Time, string ContestTime, CcsState State, IReadOnlyList<CcsScoreboardRow> Rows);

/// <summary>The spec's formats: TIME with milliseconds in UTC, RELTIME as (-)h:mm:ss.uuu, JSON in snake_case.</summary>
public static class CcsFormat
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? at) => at is { } value ? Time(value) : null;

    public static string RelTime(TimeSpan span)
    {
        var negative = span < TimeSpan.Zero;
        var ticks = Math.Abs(span.Ticks);
        var total = TimeSpan.FromTicks(ticks - ticks % TimeSpan.TicksPerMillisecond);
        return string.Create(CultureInfo.InvariantCulture,
            $"{(negative ? "-" : "")}{(long)total.TotalHours}:{total.Minutes:00}:{total.Seconds:00}.{total.Milliseconds:000}");
    }

    /// <summary>Seconds in the spec's resolution (a multiple of 0.001).</summary>
    public static double Seconds(double milliseconds) => Math.Round(milliseconds) / 1000.0;

    /// <summary>An ID of the spec (letters, digits, _ . -; at most 36; not starting with - or .) from any name.</summary>
    public static string Id(string name)
    {
        var chars = name.Trim().ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? c : '-').ToArray();
        var id = new string(chars).Trim('-', '.');
        while (id.Contains("--", StringComparison.Ordinal)) id = id.Replace("--", "-", StringComparison.Ordinal);
        if (id.Length > 36) id = id[..36].TrimEnd('-', '.');
        return id.Length == 0 ? "contest" : id;
    }
}
