using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>
/// The Docker engines this instance judges on (Apug:Sandbox:Engines, or the one engine of DockerEndpoint), each with its
/// own warm pool. Programs go to the engine with the most free capacity among those that answer.
/// </summary>
public sealed class SandboxEngines : IAsyncDisposable, IDisposable
{
    private readonly ILogger<SandboxEngines> logger;
    private int disposed;

    public SandboxEngines(IOptions<SandboxOptions> options, SandboxOwner owner, ILoggerFactory loggers, ILogger<SandboxEngines> logger,
        IMeterFactory? meters = null)
    {
        this.logger = logger;
        var slots = new UidSlots();
        List<SandboxEngine> engines = [];
        foreach (var engine in options.Value.EffectiveEngines)
            engines.Add(new SandboxEngine(engine, options, owner, slots, loggers, () => engines.Select(e => e.Images)));
        All = engines;
        foreach (var engine in engines)
        {
            engine.Limited = engines.Count > 1;
            engine.Freed = Pulse;
        }
        if (meters is not null) Measure(meters.Create("Apug"));
    }

    public IReadOnlyList<SandboxEngine> All { get; }

    public IReadOnlyList<SandboxEngineStatus> Status => [.. All.Select(e => e.Status)];

    private TaskCompletionSource freed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Pulse() => Interlocked.Exchange(ref freed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// The engine for the next program, with its place taken (<see cref="SandboxEngine.Leave"/> gives it back): among
    /// those that answer (and not excluded), the least loaded for its workers. A solution waits while every engine that
    /// answers runs its Workers already (an engine away leaves its share waiting, never over-committed on the others).
    /// A validator never waits: it runs between its solution's tests, and a worker holding its solution's place while
    /// waiting for its checker's could wait on another worker doing the opposite. Null when none answers.
    /// </summary>
    internal async Task<SandboxEngine?> PickAsync(SandboxImage image, IReadOnlySet<SandboxEngine> excluded, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref freed).Task;
            // The order is fixed per attempt, so equally loaded engines fill in the configured order.
            var candidates = All.Where(e => !excluded.Contains(e)).OrderBy(e => e.Load).ThenBy(e => e.Sessions).ToList();
            List<SandboxEngine> up = [];
            foreach (var engine in candidates)
                if (await engine.IsAvailableAsync(cancellationToken)) up.Add(engine);
            // All paused (a slow health ping, a blip): ask them now rather than fail a submission while one answers.
            if (up.Count == 0)
                foreach (var engine in candidates)
                    if (await engine.PingAsync(cancellationToken)) up.Add(engine);
            if (up.Count == 0) return null;
            foreach (var engine in up)
                if (engine.TryEnter(image)) return engine;
            if (image != SandboxImage.Python && up[0].TryEnter(image, overcommit: true)) return up[0];
            // Every engine that answers is full: wait for a program to end (or a paused engine's next ping).
            await Task.WhenAny(signal, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Removes this instance's leftovers from every engine that answers; the others are swept when first reached.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(All.Select(async engine =>
        {
            try
            {
                // A hung engine must not hold up recovery and the workers: it is swept when first reached instead.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(30));
                await engine.Sweeper.EnsureSweptAsync(deadline.Token);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError("Could not sweep leftover sandbox containers on {Engine} (is the Docker engine running?): {Message}", engine.Endpoint, ex.Message);
            }
        }));

    /// <summary>Starts filling an image's pool on every engine in the background.</summary>
    public void Warm(SandboxImage image)
    {
        foreach (var engine in All) engine.Pool.Warm(image);
    }

    /// <summary>Pings every engine at once (and remembers the answers); true when at least one answers.</summary>
    public async Task<bool> AnyReachableAsync(CancellationToken cancellationToken) =>
        (await Task.WhenAll(All.Select(e => e.PingAsync(cancellationToken)))).Any(up => up);

    private void Measure(Meter meter)
    {
        Measurement<int> For(SandboxEngine engine, int value) => new(value, new KeyValuePair<string, object?>("engine", engine.Endpoint));
        meter.CreateObservableGauge("apug.sandbox.engine.up", () => All.Select(e => For(e, e.Reachable ? 1 : 0)), "{engine}",
            "1 while the Docker engine answers, 0 after it failed to");
        meter.CreateObservableGauge("apug.sandbox.engine.running", () => All.Select(e => For(e, e.Sessions)), "{program}",
            "Programs running on the engine now");
        meter.CreateObservableGauge("apug.sandbox.engine.workers", () => All.Select(e => For(e, e.Workers)), "{worker}",
            "The engine's share of the judge's workers (Apug:Sandbox:Engines[].Workers)");
        meter.CreateObservableCounter("apug.sandbox.engine.programs", () => All.Select(e => new Measurement<long>(e.Programs,
            new KeyValuePair<string, object?>("engine", e.Endpoint))), "{program}", "Programs started on the engine");
    }

    // A host disposed synchronously (WebApplicationFactory.Dispose, a plain ServiceProvider) must not leave warm containers behind.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        await Task.WhenAll(All.Select(e => e.DisposeAsync().AsTask()));
    }
}
