using System.Text.Json;
using System.Text.Json.Nodes;
using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Judging;
using Microsoft.Extensions.Options;

namespace Apug.Server.Ccs;

/// <summary>
/// The event feed of each view as an append-only log: after every change (a submission event, a clock or board change,
/// a clarification, and every few seconds in case one went unannounced) the objects are built again and each one that differs from what the log last
/// said is appended, a removed one as data null. Tokens carry this process's start, so one from before a restart is
/// refused (400) rather than misread. Nothing is built until the feed is first asked for: an evening without Contest API
/// clients pays nothing for it, and the first client gets the whole current state, as after a restart.
/// </summary>
public sealed class CcsFeed : BackgroundService
{
    private readonly CcsData data;
    private readonly ILogger<CcsFeed> logger;
    private readonly IDisposable[] subscriptions;
    private readonly SemaphoreSlim poked = new(0, 1);
    private readonly string boot = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<CcsView, Log> logs = new() { [CcsView.Public] = new(), [CcsView.Admin] = new() };
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource wanted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan minRefreshInterval;

    private readonly TimeSpan refreshInterval;
    private readonly ClarificationStore clarifications;

    private sealed class Log
    {
        public readonly List<string> Lines = [];
        public readonly Dictionary<(string Type, string? Id), string> Last = [];
        public TaskCompletionSource Grew = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public CcsFeed(
        CcsData data, SubmissionEvents events, ContestClock clock, Leaderboard leaderboard, ClarificationStore clarifications,
        IOptions<CcsOptions> options, ILogger<CcsFeed> logger)
    {
        this.clarifications = clarifications;
        clarifications.Changed += Poke;
        refreshInterval = TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds);
        minRefreshInterval = TimeSpan.FromMilliseconds(options.Value.MinRefreshMilliseconds);
        this.data = data;
        this.logger = logger;
        subscriptions = [events.Subscribe(_ => Poke()), clock.Subscribe(_ => { Poke(); return Task.CompletedTask; }), leaderboard.Subscribe(_ => Poke())];
    }

    public void Poke()
    {
        try
        {
            poked.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked: one refresh covers both changes.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await wanted.Task.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var view in logs.Keys) await RefreshAsync(view, stoppingToken);
                ready.TrySetResult();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Updating the Contest API event feed failed; trying again at the next change");
            }
            try
            {
                if (minRefreshInterval > TimeSpan.Zero) await Task.Delay(minRefreshInterval, stoppingToken);
                await poked.WaitAsync(refreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RefreshAsync(CcsView view, CancellationToken cancellationToken)
    {
        var snapshot = await data.BuildAsync(view, cancellationToken);
        var current = new List<(string Type, string? Id, string Json)>
        {
            ("contest", null, JsonSerializer.Serialize(snapshot.Contest, CcsFormat.Json)),
        };
        foreach (var name in CcsSnapshot.CollectionNames)
        {
            foreach (var (id, value) in snapshot.Collections[name]) current.Add((name, id, JsonSerializer.Serialize(value, value.GetType(), CcsFormat.Json)));
            if (name == "teams") current.Add(("state", null, JsonSerializer.Serialize(snapshot.State, CcsFormat.Json)));
        }

        var log = logs[view];
        var appended = new List<string>();
        lock (log)
        {
            var seen = new HashSet<(string, string?)>();
            foreach (var (type, id, json) in current)
            {
                seen.Add((type, id));
                if (log.Last.TryGetValue((type, id), out var last) && last == json) continue;
                log.Last[(type, id)] = json;
                appended.Add(Line(log, type, id, json));
            }
            // Gone from this view (a rejudge in progress, a team hidden from the public): the spec's deletion.
            foreach (var gone in log.Last.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                log.Last.Remove(gone);
                appended.Add(Line(log, gone.Type, gone.Id, null));
            }
            if (appended.Count == 0) return;
            var grew = log.Grew;
            log.Grew = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            grew.TrySetResult();
        }
    }

    private string Line(Log log, string type, string? id, string? json)
    {
        var token = $"{boot}-{log.Lines.Count + 1}";
        var line = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["data"] = json is null ? null : JsonNode.Parse(json),
            ["token"] = token,
        }.ToJsonString();
        log.Lines.Add(line);
        return line;
    }

    /// <summary>The index after the given token, 0 without one; null for a token this feed never gave out.</summary>
    public int? Position(CcsView view, string? sinceToken)
    {
        wanted.TrySetResult();
        if (string.IsNullOrEmpty(sinceToken)) return 0;
        var dash = sinceToken.LastIndexOf('-');
        if (dash < 0 || sinceToken[..dash] != boot || !int.TryParse(sinceToken[(dash + 1)..], out var n) || n < 1) return null;
        lock (logs[view]) return n <= logs[view].Lines.Count ? n : null;
    }

    /// <summary>The lines from a position on, or waits until there are some (or the wait ends: then none).</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(CcsView view, int from, TimeSpan wait, CancellationToken cancellationToken)
    {
        wanted.TrySetResult();
        await ready.Task.WaitAsync(cancellationToken);
        var log = logs[view];
        Task grew;
        lock (log)
        {
            if (from < log.Lines.Count) return log.Lines.GetRange(from, log.Lines.Count - from);
            grew = log.Grew.Task;
        }
        try
        {
            await grew.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return [];
        }
        lock (log) return from < log.Lines.Count ? log.Lines.GetRange(from, log.Lines.Count - from) : [];
    }

    public override void Dispose()
    {
        foreach (var subscription in subscriptions) subscription.Dispose();
        clarifications.Changed -= Poke;
        base.Dispose();
    }
}
