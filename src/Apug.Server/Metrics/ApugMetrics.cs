using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Apug.Server.Judging;
using Microsoft.AspNetCore.SignalR;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Apug.Server.Metrics;

/// <summary>
/// The judge's own metrics (meter "Apug"), exported in Prometheus text format at /metrics by OpenTelemetry:
/// apug_queue_length, apug_verdict_latency_seconds (submit → verdict stored), apug_running_sandboxes and
/// apug_hub_connections.
/// </summary>
public sealed class ApugMetrics : IDisposable
{
    public const string MeterName = "Apug";

    private readonly Meter meter;
    private readonly UpDownCounter<int> runningSandboxes;
    private readonly UpDownCounter<int> hubConnections;
    private readonly Histogram<double> verdictLatency;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> submittedAt = new();
    private readonly IDisposable subscription;

    public ApugMetrics(IMeterFactory meters, JudgeQueue queue, SubmissionEvents events)
    {
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge("apug.queue.length", () => queue.Count, "{submission}", "Submissions waiting for a worker");
        runningSandboxes = meter.CreateUpDownCounter<int>("apug.running.sandboxes", "{sandbox}", "Submissions being judged now, one sandbox container each");
        hubConnections = meter.CreateUpDownCounter<int>("apug.hub.connections", "{connection}", "Pages connected to the contest hub");
        verdictLatency = meter.CreateHistogram<double>("apug.verdict.latency", "s", "From a submission's arrival to its stored verdict",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300] });
        // Exported as 0 from the start, so a dashboard has the series before the first submission.
        runningSandboxes.Add(0);
        hubConnections.Add(0);
        subscription = events.Subscribe(e =>
        {
            switch (e)
            {
                case SubmissionQueued queued:
                    submittedAt[queued.SubmissionId] = queued.CreatedAt;
                    break;
                case SubmissionJudged judged when submittedAt.TryRemove(judged.SubmissionId, out var at):
                    verdictLatency.Record(Math.Max(0, (judged.JudgedAt - at).TotalSeconds), new KeyValuePair<string, object?>("verdict", judged.Outcome.Verdict.ToString()));
                    break;
                case SubmissionJudgedElsewhere elsewhere: // the judging instance records its latency
                    submittedAt.TryRemove(elsewhere.SubmissionId, out _);
                    break;
            }
        });
    }

    /// <summary>Counts a sandbox as running until the returned handle is disposed (the worker wraps each judging in it).</summary>
    public IDisposable SandboxRunning()
    {
        runningSandboxes.Add(1);
        return new Release(() => runningSandboxes.Add(-1));
    }

    internal void HubConnected(int change) => hubConnections.Add(change);

    public void Dispose()
    {
        subscription.Dispose();
        meter.Dispose();
    }

    private sealed class Release(Action release) : IDisposable
    {
        private Action? onDispose = release;
        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}

/// <summary>Counts hub connections without the hub knowing: a hub filter sees every connect and disconnect.</summary>
public sealed class HubConnectionMetrics(ApugMetrics metrics) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        metrics.HubConnected(1);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        metrics.HubConnected(-1);
        await next(context, exception);
    }
}

public static class MetricsSetup
{
    public static IServiceCollection AddApugMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ApugMetrics>();
        services.AddSingleton<HubConnectionMetrics>();
        services.Configure<HubOptions>(hub => hub.AddFilter<HubConnectionMetrics>());
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("apug-judge")).WithMetrics(metrics => metrics.AddMeter(ApugMetrics.MeterName)
            // No cached scrape: a scrape is cheap here, and a stale one would hide a change for a moment.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder routes) => routes.MapPrometheusScrapingEndpoint("/metrics");
}
