using System.Globalization;
using System.Text;
using Apug.Server.Judging;

namespace Apug.Server.Challenges.Validation;

/// <summary>
/// `validate --report`: one Markdown table row per package (loaded or why not, tests, each example submission's
/// folder, verdict and whether its label holds, the language used), and a summary. Multi-pass and submit-answer
/// packages and Python 2 files count as unsupported, not as failures.
/// </summary>
public static class CompatibilityReport
{
    public sealed record Totals(string Text, bool AllHold);

    public static string Table(IReadOnlyList<PackageReport> reports, IReadOnlyList<string> roots)
    {
        var table = new StringBuilder();
        table.AppendLine("| package | loads | tests | example submissions (folder or @EXPECTED_RESULTS@: got) | language |");
        table.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var report in reports)
        {
            string name = roots.Select(r => Path.GetRelativePath(r, report.Directory)).Where(p => !p.StartsWith("..", StringComparison.Ordinal))
                .OrderBy(p => p.Length).FirstOrDefault() ?? report.Id;
            string loads = !report.Loaded ? "no: " + Cell(string.Join("; ", report.LoadErrors.Select(p => p.ToString())))
                : report.NotJudgedReason is { } reason ? $"yes, not judged ({reason})"
                : "yes" + (report.Lines.Any(l => l.State == CheckState.Warning) ? $" ({report.Lines.Count(l => l.State == CheckState.Warning)} warnings)" : "");
            string submissions = report.Submissions.Count == 0 ? "—" : string.Join("<br>", report.Submissions.Select(Describe));
            table.AppendLine($"| {Cell(name == "." ? report.Id : name)} | {loads} | {report.TestCount} | {submissions} | {report.Language} |");
        }
        return table.ToString();
    }

    public static Totals Summary(IReadOnlyList<PackageReport> reports)
    {
        var all = reports.SelectMany(r => r.Submissions).ToList();
        var labelled = all.Where(s => !IsPython2(s) && !s.DeliberatelyWrong).ToList();
        var deliberate = all.Where(s => s.DeliberatelyWrong && !IsPython2(s)).ToList();
        int loaded = reports.Count(r => r.Loaded), holding = labelled.Count(s => s.Holds), python2 = all.Count(IsPython2);
        int notJudged = reports.Count(r => r.NotJudgedReason is not null);
        string text = $"report: {loaded} of {reports.Count} packages load ({notJudged} of them not judged: multi-pass, submit-answer or no test data yet); " +
                      $"{holding} of {labelled.Count} labelled submissions get their label" +
                      (deliberate.Count > 0 ? $"; {deliberate.Count(s => !s.Holds)} of {deliberate.Count} deliberately mislabelled *.bad.* files (BAPCtools' self-tests) are caught" : "") +
                      (python2 > 0 ? $"; {python2} Python 2 file{(python2 == 1 ? "" : "s")} unsupported" : "");
        return new Totals(text, loaded == reports.Count && holding == labelled.Count && deliberate.All(s => !s.Holds));
    }

    // A CE whose message is Python 3's hint for a Python 2 print statement.
    private static bool IsPython2(SubmissionResult result) => result.Python2;

    private static string Describe(SubmissionResult result)
    {
        string score = result.Score is { } s ? $" {s.ToString("0.###", CultureInfo.InvariantCulture)}" : "";
        string mark = result.Python2 ? "Python 2, unsupported"
            : result.DeliberatelyWrong ? (result.Holds ? "✘ (a deliberately wrong label held)" : "✔ caught (deliberately wrong label)")
            : result.Holds ? "✔" : "✘";
        string expected = result.ExpectedResults is { } text ? $" (@EXPECTED_RESULTS@: {text})" : "";
        return Cell($"{result.Name}{expected}: {result.Got}{score} {mark}");
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
