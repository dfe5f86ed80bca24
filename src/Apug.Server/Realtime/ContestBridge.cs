using System.Threading.Channels;
using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Data;
using Apug.Server.Hints;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Apug.Server.Realtime;

/// <summary>
/// Forwards judging progress (to the team's group), leaderboard changes and clock changes (to everyone) to the hub.
/// It decides nothing. Sends go out one at a time, in the order the events happened.
/// </summary>
public sealed class ContestBridge : BackgroundService
{
    private readonly IHubContext<ContestHub, IContestClient> hub;
    private readonly TimeProvider time;
    private readonly IOptions<FeedbackOptions> feedback;
    private readonly ILogger<ContestBridge> logger;
    private readonly Channel<Func<IHubClients<IContestClient>, Task>> sends =
        Channel.CreateUnbounded<Func<IHubClients<IContestClient>, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDisposable[] subscriptions;

    public ContestBridge(
        IHubContext<ContestHub, IContestClient> hub, SubmissionEvents events, Leaderboard leaderboard, ContestClock clock,
        TimeProvider time, IOptions<FeedbackOptions> feedback, InstanceIdentity instance, ILogger<ContestBridge> logger)
    {
        // This instance's board goes to this instance's connections; every instance sends its own (see ContestGroups.Board).
        var board = ContestGroups.Board(instance.Id);
        this.hub = hub;
        this.feedback = feedback;
        this.time = time;
        this.logger = logger;
        subscriptions =
        [
            events.Subscribe(Forward),
            leaderboard.Subscribe(update =>
            {
                if (update.Snapshot is { } snapshot) Send(c => c.Group(board).Leaderboard(snapshot));
                else Send(c => c.Group(board).LeaderboardChanged(update.Delta));
                foreach (var first in update.FirstSolves) Send(c => c.Group(board).FirstToSolve(first));
            }),
            clock.Subscribe(state =>
            {
                Send(c => c.Group(board).ContestState(state));
                return Task.CompletedTask;
            }),
        ];
    }

    /// <summary>An organiser's message to every page (the admin endpoints call this).</summary>
    public void Announce(string message) =>
        Send(c => c.Group(ContestGroups.Public).Announcement(new AnnouncementView(message, time.GetUtcNow())));

    /// <summary>A clarification for the teams that may read it, and its state for the organisers' pages.</summary>
    public void Clarify(Clarification clarification)
    {
        Send(c => c.Group(ContestGroups.Admin).OrganiserClarification(AdminClarificationView.Of(clarification)));
        if (!clarification.Answered) return;
        var view = ClarificationView.Of(clarification, forTeam: null);
        if (clarification.Public) Send(c => c.Group(ContestGroups.Public).Clarification(view));
        else if (clarification.TeamId is { } team) Send(c => c.Group(ContestGroups.Team(team)).Clarification(view with { Mine = true }));
    }

    public void HintReleased(HintReleasedView hint) => Send(c => c.Group(ContestGroups.Public).HintReleased(hint));

    public void HintOpened(Guid teamId, HintView hint) => Send(c => c.Group(ContestGroups.Team(teamId)).HintOpened(hint));

    public void OrganiserHint(AdminHintView hint) => Send(c => c.Group(ContestGroups.Admin).OrganiserHint(hint));

    private void Forward(SubmissionEvent submissionEvent)
    {
        var team = ContestGroups.Team(submissionEvent.TeamId);
        if (AdminView(submissionEvent) is { } adminView) Send(c => c.Group(ContestGroups.Admin).AdminSubmission(adminView));
        switch (submissionEvent)
        {
            case SubmissionQueued queued:
                Send(c => c.Group(team).SubmissionQueued(new SubmissionQueuedView(queued.SubmissionId, queued.ChallengeId, queued.CreatedAt)));
                break;
            case TestJudged test:
                var t = test.Test;
                Send(c => c.Group(team).TestFinished(new TestFinishedView(test.SubmissionId, test.ChallengeId, t.Ordinal, t.Name, t.IsSample,
                    t.Verdict, t.CpuMs, feedback.Value.TeamMemoryKb(t.IsSample, t.MemoryKb), t.Message, test.TestCount)));
                break;
            case SubmissionJudged judged:
                Send(c => c.Group(team).SubmissionJudged(new SubmissionJudgedView(judged.SubmissionId, judged.ChallengeId,
                    judged.Outcome.Verdict, judged.Outcome.Score, FeedbackOptions.TeamMessage(judged.Outcome.Verdict, judged.Outcome.Message), judged.JudgedAt)));
                break;
        }
    }

    private static AdminSubmissionView? AdminView(SubmissionEvent e) => e switch
    {
        SubmissionQueued => new(e.SubmissionId, e.TeamId, e.ChallengeId, SubmissionStatuses.Queued, null, null, null),
        SubmissionStarted started => new(e.SubmissionId, e.TeamId, e.ChallengeId, SubmissionStatuses.Running, null, null, started.TestCount),
        TestJudged test => new(e.SubmissionId, e.TeamId, e.ChallengeId, SubmissionStatuses.Running, null, test.Test.Ordinal, test.TestCount),
        SubmissionJudged judged => new(e.SubmissionId, e.TeamId, e.ChallengeId, SubmissionStatuses.Judged, judged.Outcome.Verdict, null, null),
        _ => null,
    };

    private void Send(Func<IHubClients<IContestClient>, Task> send) => sends.Writer.TryWrite(send);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var send in sends.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await send(hub.Clients);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Sending a contest event failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        foreach (var subscription in subscriptions) subscription.Dispose();
        base.Dispose();
    }
}
