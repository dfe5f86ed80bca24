using System.Text.Json.Serialization;
using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Hints;
using Apug.Server.Realtime;
using System.Net.Http.Json;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Realtime;

/// <summary>A real SignalR client on /hubs/contest (long polling through the test server) that records every event it gets.</summary>
public sealed class HubRecorder : IAsyncDisposable
{
    private readonly List<object> events = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubRecorder(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>When set, the client behaves as docs/realtime.md asks: a delta that does not follow its version makes it ask for a snapshot.</summary>
    public bool FollowBoard { get; init; }

    /// <summary>Pretends the next delta was lost on the way.</summary>
    public bool DropNextDelta { get; set; }

    public long BoardVersion { get; private set; } = -1;

    public static Task<HubRecorder> ConnectAsync(ApugFactory factory, HttpClient? team = null, bool followBoard = false) =>
        ConnectAsync(factory, team?.DefaultRequestHeaders.Authorization?.Parameter, followBoard);

    public static Task<HubRecorder> ConnectAsync(ApugFactory factory, string? token, bool followBoard = false) =>
        ConnectAsync(new Uri(factory.Server.BaseAddress, ContestHub.Path), options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }, followBoard);

    /// <summary>A client of a server on a real socket (KestrelServer, ServerProcess), over WebSockets as browsers connect.</summary>
    public static Task<HubRecorder> ConnectAsync(Uri server, string? token, bool followBoard = false) =>
        ConnectAsync(new Uri(server, ContestHub.Path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }, followBoard);

    private static async Task<HubRecorder> ConnectAsync(Uri hub, Action<HttpConnectionOptions> configure, bool followBoard)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, configure)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var recorder = new HubRecorder(connection) { FollowBoard = followBoard };
        connection.On<LeaderboardSnapshot>(nameof(IContestClient.Leaderboard), s =>
        {
            recorder.BoardVersion = s.Version;
            recorder.Add(s);
        });
        connection.On<LeaderboardDelta>(nameof(IContestClient.LeaderboardChanged), d => recorder.OnDeltaAsync(d));
        connection.On<ContestStateView>(nameof(IContestClient.ContestState), recorder.Add);
        connection.On<FirstSolve>(nameof(IContestClient.FirstToSolve), recorder.Add);
        connection.On<AnnouncementView>(nameof(IContestClient.Announcement), recorder.Add);
        connection.On<SubmissionQueuedView>(nameof(IContestClient.SubmissionQueued), recorder.Add);
        connection.On<TestFinishedView>(nameof(IContestClient.TestFinished), recorder.Add);
        connection.On<SubmissionJudgedView>(nameof(IContestClient.SubmissionJudged), recorder.Add);
        connection.On<AdminSubmissionView>(nameof(IContestClient.AdminSubmission), recorder.Add);
        connection.On<ClarificationView>(nameof(IContestClient.Clarification), recorder.Add);
        connection.On<AdminClarificationView>(nameof(IContestClient.OrganiserClarification), recorder.Add);
        connection.On<HintReleasedView>(nameof(IContestClient.HintReleased), recorder.Add);
        connection.On<HintView>(nameof(IContestClient.HintOpened), recorder.Add);
        connection.On<AdminHintView>(nameof(IContestClient.OrganiserHint), recorder.Add);
        await connection.StartAsync();
        return recorder;
    }

    private async Task OnDeltaAsync(LeaderboardDelta delta)
    {
        if (DropNextDelta)
        {
            DropNextDelta = false;
            return;
        }
        Add(delta);
        if (!FollowBoard) return;
        if (delta.PreviousVersion == BoardVersion) BoardVersion = delta.Version;
        else await Connection.InvokeAsync("RequestSnapshot");
    }

    private void Add(object item)
    {
        lock (events)
        {
            events.Add(item);
            changed.TrySetResult();
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public IReadOnlyList<object> Events
    {
        get { lock (events) return events.ToList(); }
    }

    public IReadOnlyList<T> Of<T>() => Events.OfType<T>().ToList();

    /// <summary>Team-only events, whatever their kind.</summary>
    public IReadOnlyList<object> TeamEvents => Events.Where(e => e is SubmissionQueuedView or TestFinishedView or SubmissionJudgedView).ToList();

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task next;
            lock (events)
            {
                if (events.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true) is { } found) return found;
                next = changed.Task;
            }
            try
            {
                await next.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No {typeof(T).Name} arrived in time; got: {string.Join(", ", Events.Select(e => e.GetType().Name))}");
            }
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

public static class FactoryExtensions
{
    public static Leaderboard Leaderboard(this ApugFactory factory) => factory.Services.GetRequiredService<Leaderboard>();

    public static ContestClock Clock(this ApugFactory factory) => factory.Services.GetRequiredService<ContestClock>();

    /// <summary>Registers a team; the client sends its token.</summary>
    public static async Task<(HttpClient Client, Guid Id, string Token)> RegisterAsync(this ApugFactory factory, string name)
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/teams", new { name, members = new[] { "Ada" } });
        response.EnsureSuccessStatusCode();
        var team = await response.Content.ReadFromJsonAsync<TeamRegisteredDto>() ?? throw new InvalidOperationException("no body");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", team.Token);
        return (client, team.Id, team.Token);
    }
}
