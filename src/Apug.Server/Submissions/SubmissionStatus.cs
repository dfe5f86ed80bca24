namespace Apug.Server.Submissions;

public enum SubmissionStatus { Queued, Running, Judged }

/// <summary>
/// How each status is spelt where it leaves the code: the submissions.status column (SQL compares it as text too), the
/// API and the hub's admin events.
/// </summary>
public static class SubmissionStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Judged = "judged";

    public static IReadOnlyList<string> All { get; } = [Queued, Running, Judged];

    public static string Of(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Queued => Queued,
        SubmissionStatus.Running => Running,
        SubmissionStatus.Judged => Judged,
    };

    public static SubmissionStatus Parse(string stored) => stored switch
    {
        Queued => SubmissionStatus.Queued,
        Running => SubmissionStatus.Running,
        Judged => SubmissionStatus.Judged,
        _ => throw new FormatException($"'{stored}' is not a submission status."),
    };
}
