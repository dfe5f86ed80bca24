using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using Apug.Server.Judging;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Apug.Server.Submissions;

/// <summary>
/// GET /api/submissions/{id}/events: the team's own submission as server-sent events, for clients without WebSockets
/// (submit.py uses only Python's standard library): "started" {testCount}, one "test" per judged test, then "judged"
/// with the verdict, and the stream ends. A submission already judged answers "judged" at once.
/// </summary>
public static class SubmissionEventStream
{
    public sealed record StartedEvent(Guid SubmissionId, int TestCount);

    public sealed record TestEvent(Guid SubmissionId, int Ordinal, string Name, bool IsSample, Verdict Verdict, int CpuMs, int? MemoryKb, string Message, int TestCount);

    public sealed record JudgedEvent(Guid SubmissionId, Verdict Verdict, double? Score, string? Message);

    public static RouteHandlerBuilder MapSubmissionEvents(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/submissions/{id}/events", StreamAsync).WithTags("Submissions").RequireAuthorization()
            .Produces<TestEvent>(StatusCodes.Status200OK, "text/event-stream");

    private static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> StreamAsync(
        string id, ClaimsPrincipal user, SubmissionStore store, SubmissionEvents events, IOptions<FeedbackOptions> feedback, CancellationToken cancellationToken)
    {
        var notFound = ApiProblems.NotFound($"You have no submission '{id}'.");
        if (!Guid.TryParse(id, out var submissionId)) return notFound;
        var items = Channel.CreateUnbounded<SseItem<object>>();
        // Subscribed before the stored state is read: a verdict stored in between arrives as an event, not lost.
        var subscription = events.Subscribe(e =>
        {
            if (e.SubmissionId != submissionId) return;
            switch (e)
            {
                case SubmissionStarted started:
                    items.Writer.TryWrite(new SseItem<object>(new StartedEvent(submissionId, started.TestCount), "started"));
                    break;
                case TestJudged test:
                    var t = test.Test;
                    items.Writer.TryWrite(new SseItem<object>(new TestEvent(submissionId, t.Ordinal, t.Name, t.IsSample, t.Verdict, t.CpuMs, feedback.Value.TeamMemoryKb(t.IsSample, t.MemoryKb),
                        t.Message, test.TestCount), "test"));
                    break;
                case SubmissionJudged judged:
                    items.Writer.TryWrite(Judged(submissionId, judged.Outcome.Verdict, judged.Outcome.Score, judged.Outcome.Message));
                    items.Writer.TryComplete();
                    break;
                case SubmissionJudgedElsewhere:
                    // Another instance judged it (PostgreSQL): its verdict is stored, its test events went to the hub only.
                    _ = Task.Run(async () =>
                    {
                        if (await store.FindAsync(submissionId, CancellationToken.None) is { Verdict: { } verdict } stored)
                            items.Writer.TryWrite(Judged(submissionId, verdict, stored.Score, stored.Message));
                        items.Writer.TryComplete();
                    }, CancellationToken.None);
                    break;
            }
        });
        var submission = await store.FindAsync(submissionId, cancellationToken);
        if (submission is null || submission.TeamId != user.TeamId())
        {
            subscription.Dispose();
            return notFound;
        }
        if (submission is { Status: SubmissionStatus.Judged, Verdict: { } verdict })
        {
            items.Writer.TryWrite(Judged(submissionId, verdict, submission.Score, submission.Message));
            items.Writer.TryComplete();
        }
        return TypedResults.ServerSentEvents(ReadAsync(items.Reader, subscription, cancellationToken));
    }

    private static SseItem<object> Judged(Guid id, Verdict verdict, double? score, string? message) =>
        new(new JudgedEvent(id, verdict, score, FeedbackOptions.TeamMessage(verdict, message)), "judged");

    private static async IAsyncEnumerable<SseItem<object>> ReadAsync(
        ChannelReader<SseItem<object>> reader, IDisposable subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            await foreach (var item in reader.ReadAllAsync(cancellationToken)) yield return item;
        }
    }
}
