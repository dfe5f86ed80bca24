using Apug.Server.Challenges;
using Apug.Server.Sandbox;
using Apug.Server.Submissions;

namespace Apug.Server.Judging;

/// <summary>
/// The judging of one stored submission, the step between <see cref="JudgeWorker"/> (takes ids from the queue) and
/// <see cref="SourceJudge"/> (judges a source against a package): claim it, judge its source, store the verdict, publish
/// each step.
/// </summary>
public sealed class SubmissionJudging(
    SubmissionStore store,
    ChallengeCatalog catalog,
    SourceJudge judge,
    ISandbox sandbox,
    Languages languages,
    SubmissionEvents events,
    JudgingProgress progress,
    TimeProvider clock,
    ILogger<SubmissionJudging> logger)
{
    /// <summary>Judges the submission if it is still queued. Returns false when there was nothing to do.</summary>
    public async Task<bool> JudgeAsync(Guid submissionId, CancellationToken cancellationToken) =>
        await store.ClaimAsync(submissionId, clock.GetUtcNow(), cancellationToken) is { } submission
        && await JudgeClaimedAsync(submission, cancellationToken);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> judging = new();

    /// <summary>The submissions being judged here right now: the leases ScaleOut/LeaseRenewer keeps alive.</summary>
    public IReadOnlyCollection<Guid> Judging => judging.Keys.ToList();

    /// <summary>Judges a submission this instance has claimed (PostgreSQL's shared queue claims with ClaimNextAsync).</summary>
    public async Task<bool> JudgeClaimedAsync(Submission submission, CancellationToken cancellationToken)
    {
        // Only while this runs is the lease renewed: a judging that died with an exception lets it expire and be retried.
        judging[submission.Id] = 0;
        try
        {
            return await JudgeAndStoreAsync(submission, cancellationToken);
        }
        finally
        {
            judging.TryRemove(submission.Id, out _);
        }
    }

    private async Task<bool> JudgeAndStoreAsync(Submission submission, CancellationToken cancellationToken)
    {
        var package = catalog.Find(submission.ChallengeId);
        SubmissionOutcome outcome;
        var awaitingEngine = false;
        if (package is null)
        {
            outcome = new SubmissionOutcome(Verdict.JE, null,
                $"The challenge '{submission.ChallengeId}' is no longer loaded on the server; an organiser can rejudge it once it is back.", []);
        }
        else
        {
            progress.Started(submission.Id);
            events.Publish(new SubmissionStarted(submission.Id, submission.TeamId, submission.ChallengeId, package.Tests.Count));
            try
            {
                outcome = await judge.JudgeAsync(package, submission.Source, cancellationToken,
                    test =>
                    {
                        progress.TestJudged(submission.Id, test);
                        events.Publish(new TestJudged(submission.Id, submission.TeamId, submission.ChallengeId, test, package.Tests.Count));
                    },
                    language: languages.Find(submission.Language) ?? languages.Default);
            }
            catch (SandboxException ex)
            {
                // The engine gone (before or during the run) is neither this submission's fault nor a judge bug:
                // EngineRetry judges it again once the engine answers.
                awaitingEngine = ex.EngineUnreachable || !await sandbox.IsEngineReachableAsync(CancellationToken.None);
                logger.LogError(ex, "Judge error on submission {Submission}{Retry}", submission.Id,
                    awaitingEngine ? ": the Docker engine is unreachable; it will be retried" : "");
                outcome = new SubmissionOutcome(Verdict.JE, null, awaitingEngine ? EngineRetry.Message : ex.Message, []);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Never leave a submission 'running' because of our own bug: JE is visible and can be rejudged.
                logger.LogError(ex, "Unexpected failure judging submission {Submission}", submission.Id);
                outcome = new SubmissionOutcome(Verdict.JE, null, $"The judge failed unexpectedly: {ex.Message}", []);
            }
        }

        var judgedAt = clock.GetUtcNow();
        // Not the request's token: once judged, the result is stored even while the server shuts down.
        var stored = await store.CompleteAsync(submission.Id, package?.ContentHash ?? submission.PackageHash, outcome, judgedAt, CancellationToken.None, awaitingEngine);
        progress.Finished(submission.Id);
        if (!stored)
        {
            logger.LogWarning("Submission {Submission} was no longer running when its result was ready; result dropped", submission.Id);
            return false;
        }
        events.Publish(new SubmissionJudged(submission.Id, submission.TeamId, submission.ChallengeId, outcome, judgedAt));
        logger.LogInformation("Judged {Submission} on {Challenge}: {Verdict}", submission.Id, submission.ChallengeId, outcome.Verdict);
        return true;
    }
}
