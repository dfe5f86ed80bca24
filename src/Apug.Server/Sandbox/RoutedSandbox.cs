namespace Apug.Server.Sandbox;

/// <summary>
/// The sandbox judging sees: each program goes to one of the engines (<see cref="SandboxEngines"/>). When an engine goes
/// away — before or during a program — the program starts again on another engine and the interrupted run is run
/// there, so judging gets each run's report exactly once and no judge error while another engine answers. Runs keep no
/// state from one to the next, so a run repeated elsewhere is the same run. Only when no engine answers does the
/// failure reach judging as "engine unreachable" (a JE that EngineRetry judges again).
/// </summary>
public sealed class RoutedSandbox(SandboxEngines engines, ILogger<RoutedSandbox> logger) : ISandbox
{
    public Task<ISandboxSession> StartAsync(SandboxProgram program, CancellationToken cancellationToken) =>
        StartAsync(program, new HashSet<SandboxEngine>(), cancellationToken);

    internal async Task<ISandboxSession> StartAsync(SandboxProgram program, HashSet<SandboxEngine> gone, CancellationToken cancellationToken)
    {
        var placed = await PlaceAsync(program, gone, cancellationToken);
        return new RoutedSession(this, program, gone, placed.Engine, placed.Session);
    }

    /// <summary>Starts the program on the best engine, skipping those that are gone; throws "unreachable" when none is left.</summary>
    internal async Task<(SandboxEngine Engine, ISandboxSession Session)> PlaceAsync(SandboxProgram program, HashSet<SandboxEngine> gone, CancellationToken cancellationToken)
    {
        SandboxException? lastGone = null;
        // Engines without the image (and no way to get it) are skipped for this program only: they are not gone.
        var skipped = new HashSet<SandboxEngine>(gone);
        SandboxException? lastMissing = null;
        while (true)
        {
            var engine = await engines.PickAsync(program.Image, skipped, cancellationToken);
            if (engine is null)
                throw lastMissing ?? lastGone ?? SandboxException.Unreachable(string.Join(", ", engines.All.Select(e => e.Endpoint)),
                    new IOException(string.Join("; ", engines.All.Select(e => $"{e.Endpoint}: {e.Error ?? "gone"}"))));
            try
            {
                return (engine, await engine.Sandbox.StartAsync(program, cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                engine.Leave(program.Image);
                if (ex is SandboxException { ImageUnavailable: true } missing)
                {
                    skipped.Add(engine);
                    lastMissing = missing;
                    logger.LogWarning("The sandbox image is unavailable on {Engine} ({Message}); trying another engine", engine.Endpoint, ex.Message);
                    continue;
                }
                // Whatever the failure (a timeout, a refused certificate, a hung engine): if the engine no longer
                // answers, the program goes elsewhere; only a failure while it answers is the sandbox's own.
                if (!await IsGoneAsync(engine, ex)) throw;
                engine.CountMoved(midRun: false);
                gone.Add(engine);
                skipped.Add(engine);
                lastGone = ex is SandboxException { EngineUnreachable: true } unreachable ? unreachable : SandboxException.Unreachable(engine.Endpoint, ex);
                logger.LogWarning("The Docker engine {Engine} does not answer ({Message}); trying another engine", engine.Endpoint, ex.Message);
            }
            catch
            {
                engine.Leave(program.Image);
                throw;
            }
        }
    }

    /// <summary>Whether a failure was the engine going away (then it is marked so), not the sandbox or the program.</summary>
    internal static async Task<bool> IsGoneAsync(SandboxEngine engine, Exception ex)
    {
        if (ex is SandboxException { EngineUnreachable: true })
        {
            engine.MarkDown(ex.Message);
            return true;
        }
        return !await engine.PingAsync(CancellationToken.None);
    }

    /// <summary>Any engine answers a ping now.</summary>
    public Task<bool> IsEngineReachableAsync(CancellationToken cancellationToken) => engines.AnyReachableAsync(cancellationToken);

    /// <summary>Each image's pools summed over the engines (each engine's own are in <see cref="SandboxEngines.Status"/>).</summary>
    public IReadOnlyList<SandboxPoolStatus> PoolStatus =>
    [
        .. engines.All.SelectMany(e => e.Pool.Status).GroupBy(p => p.Image)
            .Select(g => new SandboxPoolStatus(g.Key, g.Sum(p => p.Idle), g.Sum(p => p.Busy), g.Sum(p => p.Starting), g.Sum(p => p.Target))),
    ];

    internal ILogger Logger => logger;
}

/// <summary>A program on one engine; moves to another engine (and repeats the interrupted run) if its engine goes away.</summary>
internal sealed class RoutedSession(RoutedSandbox sandbox, SandboxProgram program, HashSet<SandboxEngine> gone, SandboxEngine engine, ISandboxSession session)
    : ISandboxSession
{
    private SandboxEngine engine = engine;
    private ISandboxSession? session = session; // null once left and not placed again
    private bool disposed;

    // A built validator moves as its binary: built again elsewhere it could fail (or differ) where the first build did not.
    private readonly SandboxProgram moving = session.Artifact is { } built && program.Compile is { Artifact: not null }
        ? SandboxPrograms.CompiledValidator(built, program.Limits) : program;

    // The first start's: the program is the same wherever it runs.
    public RunReport? Compile { get; } = session.Compile;
    public byte[]? Artifact { get; } = session.Artifact;
    public string? ArtifactError { get; } = session.ArtifactError;

    // A container that dies again and again under one run (something in the run kills it) ends as the sandbox's failure.
    private const int MaxDeadContainers = 2;

    public async Task<RunReport> RunAsync(SandboxRun run, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed || session is null, this);
        var deadContainers = 0;
        while (true)
        {
            var running = engine;
            running.RunStarted();
            try
            {
                return await session!.RunAsync(run, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The run's own container says what happened, not a ping (a slow ping is no reason to move a run).
                var fate = session is PooledSandboxSession pooled ? await pooled.FateAsync()
                    : await RoutedSandbox.IsGoneAsync(engine, ex) ? ContainerFate.EngineUnreachable : ContainerFate.Running;
                if (fate == ContainerFate.Running) throw;
                if (fate == ContainerFate.Dead)
                {
                    // The engine answers but the container is gone (the engine restarted, it was killed or removed): the
                    // run goes again in a fresh container, wherever there is room, this engine included.
                    if (++deadContainers > MaxDeadContainers) throw;
                    engine.CountMoved(midRun: true);
                    sandbox.Logger.LogWarning("The sandbox container of run {Run} on {Engine} died ({Message}); running it again in a fresh one",
                        run.Name, engine.Endpoint, ex.Message);
                    await LeaveAsync();
                    (engine, session) = await sandbox.PlaceAsync(moving, gone, cancellationToken);
                    CheckCompile();
                    continue;
                }
                engine.MarkDown(ex.Message);
                engine.CountMoved(midRun: true);
                sandbox.Logger.LogWarning("The Docker engine {Engine} went away during run {Run} ({Message}); running it again on another engine",
                    engine.Endpoint, run.Name, ex.Message);
                gone.Add(engine);
                await LeaveAsync();
                (engine, session) = await sandbox.PlaceAsync(moving, gone, cancellationToken);
                CheckCompile();
            }
            finally
            {
                running.RunEnded();
            }
        }
    }

    private void CheckCompile()
    {
        if (Succeeded(session!.Compile) != Succeeded(Compile))
            throw new SandboxException($"The program was started again on {engine.Endpoint} after its container or engine went away, and its compile step " +
                $"{(Succeeded(Compile) ? "failed there although it had succeeded" : "succeeded there although it had failed")} the first time.");
    }

    private static bool Succeeded(RunReport? compile) => compile is null || compile is { Exited: true, ExitCode: 0 };

    private async Task LeaveAsync()
    {
        if (session is not { } left) return;
        session = null;
        try
        {
            await left.DisposeAsync();
        }
        finally
        {
            engine.Leave(moving.Image);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await LeaveAsync();
    }
}
