using System.Globalization;
using System.Text;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Admin;

/// <summary>Everything an organiser takes home: all submissions as CSV or JSON, and a consistent copy of the database.</summary>
public static class AdminExportEndpoints
{
    public sealed record ExportedSubmission(
        Guid Id, Guid TeamId, string TeamName, string ChallengeId, string Status, Verdict? Verdict, double? Score, string? Message,
        DateTimeOffset CreatedAt, DateTimeOffset? JudgedAt, string Source, IReadOnlyList<TestOutcome> Tests);

    public static RouteGroupBuilder MapAdminExports(this RouteGroupBuilder group)
    {
        group.MapGet("/export/submissions.json", async (AdminStore store, SubmissionStore submissions, CancellationToken cancellationToken) =>
            TypedResults.Ok(await ExportAsync(store, submissions, cancellationToken)));
        group.MapGet("/export/submissions.csv", async (AdminStore store, SubmissionStore submissions, CancellationToken cancellationToken) =>
        {
            var rows = await ExportAsync(store, submissions, cancellationToken);
            var csv = new StringBuilder("id,team_id,team_name,challenge_id,status,verdict,score,message,created_at,judged_at,source\n");
            foreach (var s in rows)
            {
                csv.AppendJoin(',', [
                    s.Id.ToString(), s.TeamId.ToString(), Csv(s.TeamName), Csv(s.ChallengeId), s.Status, s.Verdict?.ToString() ?? "",
                    s.Score?.ToString(CultureInfo.InvariantCulture) ?? "", Csv(s.Message ?? ""), DbTime.Format(s.CreatedAt),
                    s.JudgedAt is { } judged ? DbTime.Format(judged) : "", Csv(s.Source)]);
                csv.Append('\n');
            }
            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "submissions.csv");
        });
        group.MapGet("/export/backup", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (
            AdminStore store, Database database, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (database.IsPostgres)
                return TypedResults.Problem(
                    "The state is in PostgreSQL (Apug:Database:Provider = postgres): back it up with pg_dump; the CSV and JSON exports still work here.",
                    statusCode: StatusCodes.Status409Conflict, title: "No SQLite file to copy");
            var path = await store.BackupAsync(cancellationToken);
            // The temporary copy disappears when the download stream is closed.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose);
            var name = $"apug-backup-{clock.GetUtcNow():yyyyMMdd-HHmmss}.db";
            return TypedResults.File(stream, "application/vnd.sqlite3", name);
        });
        return group;
    }

    private static async Task<IReadOnlyList<ExportedSubmission>> ExportAsync(AdminStore store, SubmissionStore submissions, CancellationToken cancellationToken)
    {
        var list = await store.SubmissionsAsync(new SubmissionFilter(null, null, null, null), int.MaxValue, cancellationToken);
        var exported = new List<ExportedSubmission>();
        foreach (var s in list.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id))
        {
            var full = await submissions.FindAsync(s.Id, cancellationToken);
            exported.Add(new ExportedSubmission(s.Id, s.TeamId, s.TeamName, s.ChallengeId, s.Status, s.Verdict, s.Score, s.Message,
                s.CreatedAt, s.JudgedAt, full?.Source ?? "", await submissions.TestsAsync(s.Id, cancellationToken)));
        }
        return exported;
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run team-chosen text as a formula.</summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim() ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
