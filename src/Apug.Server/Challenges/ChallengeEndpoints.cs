using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Challenges;

public static class ChallengeEndpoints
{
    public sealed record LimitsView(double TimeLimitSeconds, int MemoryMiB, int OutputMiB, int? CodeKiB);

    /// <summary>MaxScore: the points a scoring challenge is worth (null for pass-fail, or unbounded).</summary>
    public sealed record ChallengeSummary(string Id, string Name, ProblemType Type, LimitsView Limits, int SampleCount, int TestCount, double? MaxScore)
    {
        /// <summary>Set when the judge lists the problem but cannot judge it (multi-pass, submit-answer).</summary>
        public string? NotJudgedReason { get; init; }
    }

    /// <param name="Interaction">Interactive problems: the sample's .interaction transcript (lines starting `&lt;` are what the
    /// interactor says, `&gt;` what the program says); Input and Output are then empty (the spec: never shown to teams).</param>
    public sealed record SampleView(string Name, string Input, string Output, string? Interaction = null);

    public sealed record ChallengeDetail(
        string Id, string Name, ProblemType Type, LimitsView Limits, StatementFormat StatementFormat, string StatementHtml,
        string? StatementPdfUrl, IReadOnlyList<SampleView> Samples, double? MaxScore, IReadOnlyList<GroupPointsView> Groups)
    {
        public string? NotJudgedReason { get; init; }

        /// <summary>The program talks with the organisers' interactor; samples come as transcripts (Interaction).</summary>
        public bool Interactive { get; init; }
    }

    public static RouteGroupBuilder MapChallenges(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/challenges").WithTags("Challenges");
        group.MapGet("/", (ChallengeCatalog catalog) => TypedResults.Ok(catalog.All.OrderBy(p => p.Id, StringComparer.Ordinal).Select(Summary).ToList()));
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/statement.pdf", GetPdf);
        group.MapGet("/{id}/statement/{**name}", GetStatementFile);
        return group;
    }

    private static LimitsView Limits(ChallengePackage package) => new(
        package.Limits.TimeLimit.TotalSeconds, package.Limits.MemoryMiB, package.Limits.OutputMiB, package.Limits.CodeKiB);

    private static ChallengeSummary Summary(ChallengePackage package) => new(package.Id, package.Name, package.Type, Limits(package),
        package.Tests.Count(t => t.IsSample), package.Tests.Count, ScoreViews.MaxScore(package)) { NotJudgedReason = package.NotJudgedReason };

    private static async Task<Results<Ok<ChallengeDetail>, ProblemHttpResult>> GetAsync(string id, ChallengeCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } package)
            return ApiProblems.NotFound($"There is no challenge '{id}'. GET /api/challenges lists them.");
        var samples = new List<SampleView>();
        // Only data/sample is ever read for participants: secret data never leaves the server.
        foreach (var sample in package.Tests.Where(t => t.IsSample))
        {
            if (package.Interactive)
            {
                samples.Add(new SampleView(sample.Name, "", "", package.Interactions.GetValueOrDefault(sample.Name)));
                continue;
            }
            samples.Add(new SampleView(sample.Name,
                await File.ReadAllTextAsync(sample.InputPath, cancellationToken),
                await File.ReadAllTextAsync(sample.AnswerPath, cancellationToken)));
        }
        // The legacy spec's extra transcripts (an .interaction without .in/.ans): shown and replayed, not judged.
        foreach (var (name, transcript) in package.Interactions.Where(i => samples.All(s => s.Name != i.Key)))
            samples.Add(new SampleView(name, "", "", transcript));
        return TypedResults.Ok(new ChallengeDetail(package.Id, package.Name, package.Type, Limits(package), package.Statement.Format,
            package.Statement.Html, package.Statement.PdfPath is null ? null : $"/api/challenges/{package.Id}/statement.pdf", samples,
            ScoreViews.MaxScore(package), ScoreViews.Groups(package))
        {
            NotJudgedReason = package.NotJudgedReason,
            Interactive = package.Interactive,
        });
    }

    /// <summary>An image the statement shows (\includegraphics); only image files inside the statement folder are served.</summary>
    private static Results<PhysicalFileHttpResult, ProblemHttpResult> GetStatementFile(string id, string name, ChallengeCatalog catalog) =>
        catalog.Find(id) is { } package && StatementReader.FindStatementFile(package.Directory, name) is { } path
            ? TypedResults.PhysicalFile(path, StatementReader.ImageTypes[Path.GetExtension(path)])
            : ApiProblems.NotFound($"The challenge '{id}' has no statement image '{name}'.");

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> GetPdf(string id, ChallengeCatalog catalog) =>
        catalog.Find(id) is { Statement.PdfPath: { } pdf }
            ? TypedResults.PhysicalFile(pdf, "application/pdf", $"{id}.pdf")
            : ApiProblems.NotFound($"The challenge '{id}' has no PDF statement.");
}
