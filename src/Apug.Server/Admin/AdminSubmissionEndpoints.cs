using Apug.Server.Challenges;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Admin;

/// <summary>Every team's submissions for organisers: full source, judge messages, outputs, diffs; and rejudging.</summary>
public static class AdminSubmissionEndpoints
{
    public sealed record AdminTestView(
        int Ordinal, string Name, string Group, bool IsSample, Verdict Verdict, int CpuMs, int WallMs, int MemoryKb, double? Score,
        string Message, string JudgeMessage, string? Output, string? Stderr, string? Input, string? Expected, IReadOnlyList<DiffLine>? Diff);

    public sealed record AdminSubmissionDetail(
        Guid Id, Guid TeamId, string? TeamName, string ChallengeId, string PackageHash, bool JudgedOnCurrentVersion, string Status,
        Verdict? Verdict, double? Score, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? JudgedAt,
        string Source, IReadOnlyList<AdminTestView> Tests);

    public sealed record Rejudged(int Count, IReadOnlyList<Guid> Ids)
    {
        public static Rejudged Of(IReadOnlyList<QueuedSubmission> queued) => new(queued.Count, queued.Select(q => q.Id).ToList());
    }

    private const int ShownDataChars = 8 * 1024;

    public static RouteGroupBuilder MapAdminSubmissions(this RouteGroupBuilder group)
    {
        group.MapGet("/submissions", ListAsync);
        group.MapGet("/submissions/{id:guid}", GetAsync);
        group.MapPost("/submissions/{id:guid}/rejudge", RejudgeOneAsync);
        group.MapPost("/rejudge", RejudgeManyAsync);
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<AdminSubmission>>, ValidationProblem>> ListAsync(
        AdminStore store, CancellationToken cancellationToken, string? team = null, string? challenge = null, string? verdict = null,
        string? status = null, int limit = 500)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? teamId = null;
        if (team is not null)
        {
            if (Guid.TryParse(team, out var parsed)) teamId = parsed;
            else errors["team"] = ["Give the team's id (a GUID), as GET /api/admin/teams lists it."];
        }
        var parsedVerdict = ParseVerdict(verdict, errors);
        if (status is not null && !SubmissionStatuses.All.Contains(status)) errors["status"] = ["The status is queued, running or judged."];
        if (limit is < 1 or > 10_000) errors["limit"] = ["The limit is between 1 and 10000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.SubmissionsAsync(new SubmissionFilter(teamId, challenge, parsedVerdict, status), limit, cancellationToken));
    }

    private static async Task<Results<Ok<AdminSubmissionDetail>, ProblemHttpResult>> GetAsync(
        Guid id, SubmissionStore submissions, TeamStore teams, ChallengeCatalog catalog, CancellationToken cancellationToken)
    {
        if (await submissions.FindAsync(id, cancellationToken) is not { } submission) return ApiProblems.NotFound($"There is no submission '{id}'.");
        var team = await teams.FindAsync(submission.TeamId, cancellationToken);
        var package = catalog.Find(submission.ChallengeId);
        var tests = new List<AdminTestView>();
        foreach (var test in await submissions.TestsAsync(id, cancellationToken))
        {
            // The answer files on disk belong to the current package version; say so when the submission was judged on another.
            var testCase = package?.Tests.FirstOrDefault(t => t.Name == test.Name);
            string? input = null, expected = null;
            IReadOnlyList<DiffLine>? diff = null;
            if (testCase is not null)
            {
                input = Cut(await File.ReadAllTextAsync(testCase.InputPath, cancellationToken));
                var answer = await File.ReadAllTextAsync(testCase.AnswerPath, cancellationToken);
                expected = Cut(answer);
                if (test.Verdict == Verdict.WA && test.Output is not null) diff = LineDiff.Compute(answer, test.Output);
            }
            tests.Add(new AdminTestView(test.Ordinal, test.Name, test.Group, test.IsSample, test.Verdict, test.CpuMs, test.WallMs, test.MemoryKb,
                test.Score, test.Message, test.JudgeMessage, test.Output, test.Stderr, input, expected, diff));
        }
        return TypedResults.Ok(new AdminSubmissionDetail(submission.Id, submission.TeamId, team?.Name, submission.ChallengeId, submission.PackageHash,
            package?.ContentHash == submission.PackageHash, SubmissionStatuses.Of(submission.Status), submission.Verdict, submission.Score,
            submission.Message, submission.CreatedAt, submission.StartedAt, submission.JudgedAt, submission.Source, tests));
    }

    private static async Task<Results<Accepted<Rejudged>, ProblemHttpResult>> RejudgeOneAsync(
        Guid id, SubmissionStore submissions, JudgeQueue queue, CancellationToken cancellationToken)
    {
        if (await submissions.FindAsync(id, cancellationToken) is not { } submission) return ApiProblems.NotFound($"There is no submission '{id}'.");
        var queued = await queue.RejudgeAsync(id, null, null, cancellationToken);
        if (queued.Count == 0)
            return ApiProblems.Create(StatusCodes.Status409Conflict, "Not judged yet",
                $"The submission is {SubmissionStatuses.Of(submission.Status)}; it can be rejudged once it has a result.");
        return TypedResults.Accepted($"/api/admin/submissions/{id}", Rejudged.Of(queued));
    }

    private static async Task<Results<Accepted<Rejudged>, ValidationProblem>> RejudgeManyAsync(
        JudgeQueue queue, CancellationToken cancellationToken, string? challenge = null, string? verdict = null)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedVerdict = ParseVerdict(verdict, errors);
        if (challenge is null && verdict is null)
            errors["challenge"] = ["Say what to rejudge: ?challenge=<id>, ?verdict=JE, or both."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var queued = await queue.RejudgeAsync(null, challenge, parsedVerdict, cancellationToken);
        return TypedResults.Accepted("/api/admin/submissions?status=queued", Rejudged.Of(queued));
    }

    private static Verdict? ParseVerdict(string? verdict, Dictionary<string, string[]> errors)
    {
        if (verdict is null) return null;
        if (Enum.TryParse<Verdict>(verdict, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(verdict, out _)) return parsed;
        errors["verdict"] = [$"Unknown verdict '{verdict}'; use one of {string.Join(", ", Enum.GetNames<Verdict>())}."];
        return null;
    }

    private static string Cut(string text) => text.Length <= ShownDataChars ? text : text[..ShownDataChars] + "\n… (cut)";
}
