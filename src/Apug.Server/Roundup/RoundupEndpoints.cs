using System.Net;
using System.Text;
using Apug.Server.Admin;
using Apug.Server.Contest;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Web;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Roundup;

/// <summary>
/// The round-up after the contest (organisers only: participants never see another team's code): GET /api/admin/roundup
/// for /projector/roundup, and the same as Markdown or HTML for the meetup's write-up.
/// </summary>
public static class RoundupEndpoints
{
    public static IEndpointRouteBuilder MapRoundup(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminAuthentication.PolicyName);
        group.MapGet("/roundup", async (ContestClock clock, Database database, CancellationToken ct) =>
            await BuildAsync(clock, database, ct) switch
            {
                ({ } view, _) => (Results<Ok<RoundupView>, ProblemHttpResult>)TypedResults.Ok(view),
                (_, var refused) => refused!,
            });
        group.MapGet("/roundup.md", async (ContestClock clock, Database database, CancellationToken ct) =>
            await BuildAsync(clock, database, ct) switch
            {
                ({ } view, _) => (Results<FileContentHttpResult, ProblemHttpResult>)TypedResults.File(
                    Encoding.UTF8.GetBytes(RoundupExport.Markdown(view)), "text/markdown; charset=utf-8", "roundup.md"),
                (_, var refused) => refused!,
            });
        group.MapGet("/roundup.html", async (ContestClock clock, Database database, CancellationToken ct) =>
            await BuildAsync(clock, database, ct) switch
            {
                ({ } view, _) => (Results<FileContentHttpResult, ProblemHttpResult>)TypedResults.File(
                    Encoding.UTF8.GetBytes(RoundupExport.Html(view)), "text/html; charset=utf-8", "roundup.html"),
                (_, var refused) => refused!,
            });
        return routes;
    }

    // A class with setters: the CASE and sub-select columns come back untyped from SQLite (see ClarificationStore).
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string TeamId { get; set; } = "";
        public string TeamName { get; set; } = "";
        public string ChallengeId { get; set; } = "";
        public string Verdict { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string Language { get; set; } = "";
        public long ShowAtRoundup { get; set; }
        public string? Source { get; set; }
        public long? CpuMs { get; set; }
    }

    private static async Task<(RoundupView? View, ProblemHttpResult? Refused)> BuildAsync(ContestClock clock, Database database, CancellationToken cancellationToken)
    {
        await clock.EnsureLoadedAsync(cancellationToken);
        var schedule = clock.Schedule;
        switch (clock.Phase)
        {
            case ContestPhase.Before or ContestPhase.Running or ContestPhase.Frozen:
                return (null, ApiProblems.Create(StatusCodes.Status409Conflict, "Contest not over",
                    $"The round-up opens when {clock.Definition.Name} has ended"
                    + (schedule.EndsAt is { } end ? $" (at {end:HH:mm} UTC, or End now on the admin page)" : "")
                    + ": until then every team's code stays its own."));
            case ContestPhase.Practice or ContestPhase.Ended:
                break;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        // Hidden teams (the organisers' own) are left out, as on the board; only shown solutions' sources are read.
        var rows = await connection.QueryAsync<Row>("""
            SELECT s.id, s.team_id AS TeamId, t.name AS TeamName, s.challenge_id AS ChallengeId, s.verdict, s.created_at AS CreatedAt,
                   s.language, s.show_at_roundup AS ShowAtRoundup,
                   CASE WHEN s.verdict = 'AC' AND s.show_at_roundup = 1 THEN s.source END AS Source,
                   (SELECT MAX(r.cpu_ms) FROM test_results r WHERE r.submission_id = s.id) AS CpuMs
            FROM submissions s JOIN teams t ON t.id = s.team_id
            WHERE s.status = 'judged' AND s.verdict IS NOT NULL AND t.hidden = 0
            """);
        var submissions = rows.Select(r => new RoundupSubmission(Guid.Parse(r.Id), Guid.Parse(r.TeamId), r.TeamName, r.ChallengeId,
            Enum.Parse<Verdict>(r.Verdict), DbTime.Parse(r.CreatedAt), r.Language, r.ShowAtRoundup != 0, r.Source, (int)(r.CpuMs ?? 0)));
        var challenges = RoundupBoard.Build(clock.Problems, schedule.StartsAt, schedule.EndsAt, submissions);
        return (new RoundupView(clock.Definition.Name, clock.Definition.IsPractice ? null : schedule.EndsAt, challenges), null);
    }
}

/// <summary>The round-up written out for the meetup's write-up: Markdown (fenced code) or one self-contained HTML page.</summary>
public static class RoundupExport
{
    public static string Markdown(RoundupView view)
    {
        var md = new StringBuilder($"# Round-up: {Escape(view.ContestName)}\n");
        foreach (var challenge in view.Challenges)
        {
            md.Append($"\n## {Escape(challenge.Label)} · {Escape(challenge.Name)}\n\n{SolvedBy(challenge)}\n\n");
            foreach (var fact in Facts(challenge)) md.Append($"- {Escape(fact)}\n");
            foreach (var solution in challenge.Solutions)
            {
                md.Append($"\n### {Escape(solution.TeamName)}{(solution.Facts.Count > 0 ? " — " + string.Join(", ", solution.Facts) : "")}\n\n");
                md.Append(Escape(Describe(solution))).Append("\n\n");
                // A fence longer than any run of backticks in the source, so no source can end it early.
                var fence = new string('`', Math.Max(3, LongestRun(solution.Source, '`') + 1));
                md.Append(fence).Append(solution.Language.StartsWith("py", StringComparison.Ordinal) ? "python" : "").Append('\n')
                    .Append(solution.Source.TrimEnd('\n')).Append('\n').Append(fence).Append('\n');
            }
        }
        return md.ToString();
    }

    public static string Html(RoundupView view)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Round-up: {E(view.ContestName)}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5{"}"}
            pre{"{"}background:#1e1e2e;color:#f1f1f1;padding:1rem;border-radius:.4rem;overflow-x:auto{"}"}
            .facts{"{"}color:#555{"}"} .tag{"{"}background:#fff1cc;border-radius:.3rem;padding:0 .3rem;margin-right:.3rem{"}"}</style>
            </head><body>
            <h1>Round-up: {E(view.ContestName)}</h1>

            """);
        foreach (var challenge in view.Challenges)
        {
            html.Append($"<section><h2>{E(challenge.Label)} · {E(challenge.Name)}</h2>\n<p>{E(SolvedBy(challenge))}</p>\n<ul class=\"facts\">");
            foreach (var fact in Facts(challenge)) html.Append($"<li>{E(fact)}</li>");
            html.Append("</ul>\n");
            foreach (var solution in challenge.Solutions)
            {
                html.Append($"<article><h3>{E(solution.TeamName)} ");
                foreach (var fact in solution.Facts) html.Append($"<span class=\"tag\">{E(fact)}</span>");
                html.Append($"</h3>\n<p>{E(Describe(solution))}</p>\n<pre><code class=\"language-python\">{E(solution.Source.TrimEnd('\n'))}</code></pre></article>\n");
            }
            html.Append("</section>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string SolvedBy(RoundupChallenge c) => c.SolvedBy switch
    {
        0 => "Nobody solved it this time.",
        1 => $"Solved by 1 team; {Shown(c)}.",
        var n => $"Solved by {n} teams; {Shown(c)}.",
    };

    private static string Shown(RoundupChallenge c) => c.Solutions.Count switch
    {
        0 => "no team chose to show its code",
        1 => "1 solution shown",
        var n => $"{n} solutions shown",
    };

    public static IEnumerable<string> Facts(RoundupChallenge c)
    {
        if (c.FirstToSolve is { } first) yield return $"First to solve: {first.TeamName} (minute {first.Value:0})";
        if (c.FewestAttempts is { } fewest) yield return $"Fewest attempts: {fewest.TeamName} ({Attempts((int)fewest.Value)})";
        if (c.ShortestSource is { } shortest) yield return $"Shortest source: {shortest.TeamName} ({shortest.Value:0} bytes)";
        if (c.FastestCpu is { } fastest) yield return $"Fastest CPU time: {fastest.TeamName} ({fastest.Value:0} ms)";
    }

    private static string Attempts(int n) => n == 1 ? "1 attempt" : $"{n} attempts";

    private static string Describe(RoundupSolution s) => string.Join(", ", new[]
    {
        s.Minute is { } minute ? $"accepted at minute {minute}" : "accepted",
        Attempts(s.Attempts), $"{s.Lines} lines", $"{s.Bytes} bytes", $"{s.CpuMs} ms CPU (slowest test)", s.Language,
    });

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    /// <summary>Backslash before Markdown's special characters, so a team name stays text.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (@"\`*_[]<>#|".Contains(ch)) escaped.Append('\\');
            escaped.Append(ch);
        }
        return escaped.ToString();
    }
}
