using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Apug.Server.Admin;
using Apug.Server.Challenges;
using Apug.Server.Contest;
using Apug.Server.Judging;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ValidationResult = System.ComponentModel.DataAnnotations.ValidationResult;

namespace Apug.Server.Submissions;

public static class SubmissionEndpoints
{
    /// <param name="ShowAtRoundup">"OK to show at the round-up": the organisers may put this source on the projector after the end.</param>
    public sealed record SubmitSolution(
        [property: Required(ErrorMessage = "Say which challenge this solves.")] string? ChallengeId,
        [property: SourceText] string? Source,
        string? Language = null,
        bool? ShowAtRoundup = null);

    public sealed record SubmissionAccepted(Guid Id, string Status);

    /// <param name="Interactive">Input is then the sample's .interaction transcript; Output is null (it went to the interactor).</param>
    public sealed record SampleDetail(string Input, string? Output, string Expected, string? Stderr, bool Interactive = false);

    /// <param name="MemoryKb">Null on secret tests unless the organisers show it (Apug:Feedback:ShowMemory).</param>
    public sealed record TestView(
        int Ordinal, string Name, string Group, bool IsSample, Verdict Verdict, int CpuMs, int? MemoryKb, string Message, SampleDetail? Sample);

    /// <summary>TestCount is the package's (tests stop at the first failure of a pass-fail challenge); MaxScore and
    /// Groups (points per group below secret) only for scoring challenges.</summary>
    public sealed record SubmissionView(
        Guid Id, string ChallengeId, Guid TeamId, string Status, Verdict? Verdict, double? Score, string? Message,
        DateTimeOffset CreatedAt, DateTimeOffset? JudgedAt, IReadOnlyList<TestView> Tests, int? TestCount, double? MaxScore,
        IReadOnlyList<GroupScoreView> Groups, string Language)
    {
        public bool ShowAtRoundup { get; init; }
    }

    public sealed record SubmissionSummary(Guid Id, string ChallengeId, string Status, Verdict? Verdict, double? Score, DateTimeOffset CreatedAt, DateTimeOffset? JudgedAt)
    {
        public string Language { get; init; } = Judging.Language.DefaultId;
    }

    public sealed record LanguageView(string Id, string Name, string Version);

    public static RouteGroupBuilder MapSubmissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/submissions").WithTags("Submissions").RequireAuthorization();
        group.MapPost("/", SubmitAsync).WithJsonBody<SubmitSolution>(BodyLimit)
            .RequireAuthorization(Disqualification.PolicyName) // reading results stays allowed
            .RequireRateLimiting(RateLimits.Submissions); // polling results stays unlimited
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        return group;
    }

    /// <summary>GET /api/languages: what a submission may be written in here (a contest may allow fewer).</summary>
    public static RouteHandlerBuilder MapLanguages(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/languages", (Languages languages, ContestClock contest) =>
                TypedResults.Ok(languages.Allowed(contest.Definition.Languages).Select(l => new LanguageView(l.Id, l.Name, l.Version)).ToList()))
            .WithTags("Submissions");

    /// <summary>What submitting needs besides the body and the team (eShop's CatalogServices).</summary>
    public sealed record SubmitServices(
        ChallengeCatalog Catalog, JudgeQueue Queue, IOptions<JudgingOptions> Options,
        TimeProvider Clock, ContestClock Contest, Languages Languages);

    /// <summary>
    /// How large a submission's body may be. JSON can spell one byte of source as six (\u0000), so the body may be
    /// larger than the source limit; the message is in the participant's terms: the source limit, not the JSON around it.
    /// </summary>
    private static JsonBodyLimit BodyLimit(HttpContext context)
    {
        var maxSourceKiB = context.RequestServices.GetRequiredService<IOptions<JudgingOptions>>().Value.MaxSourceKiB;
        var catalog = context.RequestServices.GetRequiredService<ChallengeCatalog>();
        var largestSourceKiB = Math.Max(maxSourceKiB, catalog.All.Select(p => p.Limits.CodeKiB ?? 0).DefaultIfEmpty(0).Max());
        return new JsonBodyLimit(largestSourceKiB * 1024 * 6 + 4096,
            $"The source is far larger than the limit: {maxSourceKiB} KiB for a challenge that gives none"
            + (largestSourceKiB > maxSourceKiB ? $", at most {largestSourceKiB} KiB for any challenge here" : "")
            + ". Submit your Python program, not a data or binary file.");
    }

    /// <summary>Disqualified teams never get here (the NotDisqualified policy); the body's fields are checked by SubmitSolution's rules.</summary>
    private static async Task<Results<Accepted<SubmissionAccepted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        JsonBody<SubmitSolution> request, ClaimsPrincipal user, [AsParameters] SubmitServices services)
    {
        var body = request.Value;
        var package = services.Catalog.Find(body.ChallengeId!);
        if (package is null)
            return ApiProblems.NotFound($"There is no challenge '{body.ChallengeId}'. GET /api/challenges lists them.");
        if (await services.Contest.RefuseSubmissionAsync(package.Id) is { } refused)
            return ApiProblems.Create(StatusCodes.Status403Forbidden, refused.Title, refused.Detail);
        if (package.Tests.Count == 0)
            return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, "No test data",
                $"'{package.Id}' cannot be judged yet: {PackageLoader.NoTestData}. Its statement is shown, but submissions are refused " +
                "until the organisers add test data.");
        if (package.NotJudgedReason is { } notJudged)
            return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, "Problem type not supported",
                $"'{package.Id}' cannot be judged here: {notJudged}. Its statement is shown, but submissions are refused.");
        var allowed = services.Languages.Allowed(services.Contest.Definition.Languages);
        var language = body.Language is null ? allowed[0] : allowed.FirstOrDefault(l => l.Id == body.Language);
        if (language is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["language"] = [$"'{body.Language}' is not a language here; choose one of {string.Join(", ", allowed.Select(l => $"\"{l.Id}\" ({l.Name})"))}."],
            });

        var sourceBytes = Encoding.UTF8.GetByteCount(body.Source!); // [SourceText] has ruled out unpaired surrogates
        var limitKiB = package.Limits.CodeKiB ?? services.Options.Value.MaxSourceKiB;
        if (sourceBytes > limitKiB * 1024)
            return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "Source too large",
                $"The source is {Math.Ceiling(sourceBytes / 1024.0)} KiB; the limit for '{package.Id}' is {limitKiB} KiB.");

        var submission = new Submission(Guid.NewGuid(), user.TeamId(), package.Id, package.ContentHash, body.Source!,
            SubmissionStatus.Queued, null, null, null, services.Clock.GetUtcNow(), null, null)
        {
            Language = language.Id,
            ShowAtRoundup = body.ShowAtRoundup == true,
        };
        await services.Queue.SubmitAsync(submission);
        return TypedResults.Accepted($"/api/submissions/{submission.Id}", new SubmissionAccepted(submission.Id, SubmissionStatuses.Queued));
    }

    private static async Task<Ok<IReadOnlyList<SubmissionSummary>>> ListAsync(ClaimsPrincipal user, SubmissionStore store, CancellationToken cancellationToken)
    {
        var submissions = await store.ListForTeamAsync(user.TeamId(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SubmissionSummary>>(submissions
            .Select(s => new SubmissionSummary(s.Id, s.ChallengeId, SubmissionStatuses.Of(s.Status), s.Verdict, s.Score, s.CreatedAt, s.JudgedAt) { Language = s.Language })
            .ToList());
    }

    private static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, SubmissionStore store, ChallengeCatalog catalog, JudgingProgress progress,
        IOptions<FeedbackOptions> feedback, CancellationToken cancellationToken)
    {
        // Another team's submission answers exactly like a missing one: ids reveal nothing.
        var notFound = ApiProblems.NotFound($"Your team has no submission '{id}'.");
        if (!Guid.TryParse(id, out var submissionId)) return notFound;
        var submission = await store.FindAsync(submissionId, cancellationToken);
        if (submission is null || submission.TeamId != user.TeamId()) return notFound;

        // While it runs, the tests finished so far (stored only with the verdict).
        var tests = submission.Status == SubmissionStatus.Running && progress.Tests(submissionId) is { } sofar
            ? sofar
            : await store.TestsAsync(submissionId, cancellationToken);
        var package = catalog.Find(submission.ChallengeId);
        var views = new List<TestView>();
        foreach (var test in tests)
        {
            SampleDetail? sample = null;
            if (test.IsSample && package?.Tests.FirstOrDefault(t => t.Name == test.Name && t.IsSample) is { } sampleCase)
            {
                // An interactive sample's .in and .ans are the interactor's (the spec: never shown to teams); its
                // transcript stands in for the input.
                sample = package.Interactive
                    ? new SampleDetail(package.Interactions.GetValueOrDefault(sampleCase.Name, ""), null, "", test.Stderr, Interactive: true)
                    : new SampleDetail(
                        await File.ReadAllTextAsync(sampleCase.InputPath, cancellationToken), test.Output,
                        await File.ReadAllTextAsync(sampleCase.AnswerPath, cancellationToken), test.Stderr);
            }
            views.Add(new TestView(test.Ordinal, test.Name, test.Group, test.IsSample, test.Verdict, test.CpuMs,
                feedback.Value.TeamMemoryKb(test.IsSample, test.MemoryKb), test.Message, sample));
        }
        // Group points only for a finished judgement of the package version still loaded (a rejudge would redo it).
        var groups = package is not null && submission.Status == SubmissionStatus.Judged && submission.Score is not null
            ? ScoreViews.GroupScores(package, tests.Select(t => (t.Name, t.Verdict, t.Score)))
            : [];
        return TypedResults.Ok(new SubmissionView(submission.Id, submission.ChallengeId, submission.TeamId, SubmissionStatuses.Of(submission.Status),
            submission.Verdict, submission.Score, FeedbackOptions.TeamMessage(submission.Verdict, submission.Message), submission.CreatedAt, submission.JudgedAt, views,
            package?.Tests.Count, package is null ? null : ScoreViews.MaxScore(package), groups, submission.Language)
        {
            ShowAtRoundup = submission.ShowAtRoundup,
        });
    }
}

/// <summary>A Python program as text: not blank, no NUL byte (a binary file), and valid Unicode (encodable as UTF-8).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class SourceTextAttribute : ValidationAttribute
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var source = value as string;
        var broken = string.IsNullOrWhiteSpace(source) ? "The source is empty: paste or upload your Python program."
            : source.Contains('\0') ? "The source contains a NUL byte, so it looks like a binary file; submit a Python text file."
            : !IsUnicode(source) ? "The source is not valid Unicode text (it has an unpaired surrogate); submit a UTF-8 Python file."
            : null;
        return broken is null ? ValidationResult.Success
            : new ValidationResult(broken, validationContext.MemberName is { } member ? [member] : null);
    }

    private static bool IsUnicode(string source)
    {
        try
        {
            StrictUtf8.GetByteCount(source);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
