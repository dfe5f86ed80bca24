using Apug.Server.Challenges;
using Apug.Server.Contest;
using Apug.Server.Realtime;

namespace Apug.Server.Hints;

public enum HintOrigin { Package, EditedPackage, Organisers }

/// <summary>One hint as it stands: the package's (hints/N.md), or the organisers' version of it, and when it came out.</summary>
public sealed record Hint(string ChallengeId, int Number, string Markdown, double Cost, int? ReleaseMinute, HintOrigin Origin, DateTimeOffset? ReleasedAt)
{
    public bool Released => ReleasedAt is not null;
}

/// <summary>
/// The hints of every loaded challenge: the packages' merged with what the organisers added, edited and released
/// (HintStore). A hint with a release minute comes out that many minutes after the contest's start (HintTicker
/// stores and announces it); released hints reach every page over the hub. Costs count in points scoring only.
/// </summary>
public sealed class HintBook(ChallengeCatalog catalog, HintStore store, ContestClock clock, ContestBridge bridge, Leaderboard leaderboard, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>After an organiser's change (HintTicker plans its next wake-up again).</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<Hint>> AllAsync(CancellationToken cancellationToken)
    {
        await clock.EnsureLoadedAsync(cancellationToken);
        var stored = (await store.AllAsync(cancellationToken)).ToDictionary(h => (h.ChallengeId, h.Number));
        var now = time.GetUtcNow();
        var hints = new List<Hint>();
        foreach (var package in catalog.All)
        {
            var numbers = package.Hints.Select(h => h.Number).Concat(stored.Keys.Where(k => k.ChallengeId == package.Id).Select(k => k.Number)).Distinct().Order();
            foreach (var number in numbers)
            {
                var fromPackage = package.Hints.FirstOrDefault(h => h.Number == number);
                stored.TryGetValue((package.Id, number), out var saved);
                Hint? hint = saved is { Edited: true, Markdown: { } markdown }
                    ? new(package.Id, number, markdown, saved.Cost, saved.ReleaseMinute, fromPackage is null ? HintOrigin.Organisers : HintOrigin.EditedPackage, saved.ReleasedAt)
                    : fromPackage is not null
                        ? new(package.Id, number, fromPackage.Markdown, fromPackage.Cost, fromPackage.ReleaseMinute, HintOrigin.Package, saved?.ReleasedAt)
                        : null; // released once, since gone from the package
                if (hint is null) continue;
                // Due but not yet stored by the ticker (it wakes a moment later): out all the same.
                if (hint.ReleasedAt is null && ScheduledAt(hint) is { } at && at <= now) hint = hint with { ReleasedAt = at };
                hints.Add(hint);
            }
        }
        return hints;
    }

    public async Task<Hint?> FindAsync(string challengeId, int number, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(h => h.ChallengeId == challengeId && h.Number == number);

    /// <summary>When a hint with a release minute comes out: that many minutes after the start (none before a start is set).</summary>
    public DateTimeOffset? ScheduledAt(Hint hint) =>
        hint.ReleaseMinute is { } minute && !clock.Definition.IsPractice && clock.Schedule.StartsAt is { } start ? start.AddMinutes(minute) : null;

    /// <summary>What opening it costs now: its cost in a running points contest, else nothing (ICPC, before the start, after the end).</summary>
    public double CostNow(Hint hint) =>
        clock.Definition.Scoring == ScoringMode.Points && clock.Phase is ContestPhase.Running or ContestPhase.Frozen ? hint.Cost : 0;

    /// <summary>The hint's Markdown as HTML, rendered like a statement (raw HTML off; math left for KaTeX).</summary>
    public string Html(Hint hint) =>
        StatementReader.RenderMarkdown(hint.Markdown, catalog.Find(hint.ChallengeId)?.Constants ?? new Dictionary<string, string>());

    /// <summary>Stores and announces every hint whose minute has come; returns the earliest one still to come.</summary>
    public async Task<DateTimeOffset?> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var stored = (await store.AllAsync(cancellationToken)).Where(h => h.ReleasedAt is not null).Select(h => (h.ChallengeId, h.Number)).ToHashSet();
            var now = time.GetUtcNow();
            DateTimeOffset? next = null;
            foreach (var hint in await AllAsync(cancellationToken))
            {
                if (stored.Contains((hint.ChallengeId, hint.Number)) || ScheduledAt(hint) is not { } at) continue;
                if (at > now)
                {
                    if (next is null || at < next) next = at;
                }
                else if (await store.ReleaseAsync(hint.ChallengeId, hint.Number, at, cancellationToken))
                {
                    await AnnounceAsync(hint with { ReleasedAt = at }, cancellationToken);
                }
            }
            return next;
        }
        finally
        {
            gate.Release();
        }
    }

    public enum ReleaseResult { Released, NotFound, AlreadyReleased }

    public async Task<(ReleaseResult Result, Hint? Hint)> ReleaseNowAsync(string challengeId, int number, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await FindAsync(challengeId, number, cancellationToken) is not { } hint) return (ReleaseResult.NotFound, null);
            if (hint.Released) return (ReleaseResult.AlreadyReleased, hint);
            var now = time.GetUtcNow();
            if (!await store.ReleaseAsync(challengeId, number, now, cancellationToken)) return (ReleaseResult.AlreadyReleased, hint);
            hint = hint with { ReleasedAt = now };
            await AnnounceAsync(hint, cancellationToken);
            Changed?.Invoke();
            return (ReleaseResult.Released, hint);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Adds a hint (number null: after the challenge's last one) or replaces a hint's text and settings.</summary>
    public async Task<Hint> SaveAsync(string challengeId, int? number, string markdown, double cost, int? releaseMinute, CancellationToken cancellationToken)
    {
        Hint saved;
        await gate.WaitAsync(cancellationToken);
        try
        {
            var existing = (await AllAsync(cancellationToken)).Where(h => h.ChallengeId == challengeId).ToList();
            var storedNumbers = (await store.AllAsync(cancellationToken)).Where(h => h.ChallengeId == challengeId).Select(h => h.Number);
            var chosen = number ?? existing.Select(h => h.Number).Concat(storedNumbers).DefaultIfEmpty(0).Max() + 1;
            await store.SaveAsync(challengeId, chosen, markdown, cost, releaseMinute, time.GetUtcNow(), cancellationToken);
            saved = (await FindAsync(challengeId, chosen, cancellationToken))!;
        }
        finally
        {
            gate.Release();
        }
        bridge.OrganiserHint(await AdminViewAsync(saved, cancellationToken));
        Changed?.Invoke();
        return saved;
    }

    public enum OpenResult { Opened, AlreadyOpened, NotFound, NotReleased, CostNotAccepted }

    /// <summary>A team opens a released hint; a hint that costs points now needs acceptCost (the page asks first).</summary>
    public async Task<(OpenResult Result, Hint? Hint, double Cost)> OpenAsync(Guid teamId, string challengeId, int number, bool acceptCost, CancellationToken cancellationToken)
    {
        // A challenge outside the contest has no hints for the teams (its submissions are refused too).
        if (!InContest(challengeId) || await FindAsync(challengeId, number, cancellationToken) is not { } hint) return (OpenResult.NotFound, null, 0);
        if (!hint.Released) return (OpenResult.NotReleased, hint, 0);
        var opened = (await store.OpeningsAsync(teamId, cancellationToken)).FirstOrDefault(o => o.ChallengeId == challengeId && o.Number == number);
        if (opened is not null) return (OpenResult.AlreadyOpened, hint, opened.Cost);
        var cost = CostNow(hint);
        if (cost > 0 && !acceptCost) return (OpenResult.CostNotAccepted, hint, cost);
        if (!await store.OpenAsync(teamId, challengeId, number, cost, time.GetUtcNow(), cancellationToken))
            return (OpenResult.AlreadyOpened, hint, cost); // the team's other device was quicker
        if (cost > 0) await leaderboard.RebuildAsync(cancellationToken);
        bridge.OrganiserHint(await AdminViewAsync(hint, cancellationToken));
        return (OpenResult.Opened, hint, cost);
    }

    public bool InContest(string challengeId) => clock.Problems.Any(p => p.Id == challengeId);

    public async Task<AdminHintView> AdminViewAsync(Hint hint, CancellationToken cancellationToken)
    {
        var openings = await store.OpeningsAsync(null, cancellationToken);
        return AdminView(hint, openings.Count(o => o.ChallengeId == hint.ChallengeId && o.Number == hint.Number));
    }

    public AdminHintView AdminView(Hint hint, int openedBy) => new(hint.ChallengeId, hint.Number, hint.Markdown, Html(hint), hint.Cost,
        hint.ReleaseMinute, ScheduledAt(hint), hint.ReleasedAt, hint.Origin, openedBy);

    private async Task AnnounceAsync(Hint hint, CancellationToken cancellationToken)
    {
        // Teams only ever see the contest's challenges' hints; the organisers hear of every release.
        if (InContest(hint.ChallengeId)) bridge.HintReleased(new HintReleasedView(hint.ChallengeId, hint.Number, CostNow(hint), hint.ReleasedAt!.Value));
        bridge.OrganiserHint(await AdminViewAsync(hint, cancellationToken));
    }
}
