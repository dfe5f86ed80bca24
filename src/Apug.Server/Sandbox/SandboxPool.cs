using System.Collections.Concurrent;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>
/// Started sandboxes waiting for a program, per image, so a submission never waits for a container to be created or
/// started. Containers go back to the pool after each program (every run inside has its own cgroup and namespaces),
/// so a container's cost is paid once for many submissions; removal and refilling happen off the critical path.
/// Limits are not known when a container starts: runner.py applies each run's limits to that run's own cgroup, and
/// the container's ceiling (Sandbox:MaxMemoryMiB) only has to be at least as large. One pool per engine.
/// </summary>
public sealed class SandboxPool(
    DockerClient docker,
    string endpoint,
    int target,
    SandboxImages images,
    LeftoverSweeper sweeper,
    SandboxOwner owner,
    UidSlots slots,
    IOptions<SandboxOptions> options,
    ILogger logger) : IAsyncDisposable, IDisposable
{
    public const string PoolLabel = "apug.pool";
    public const string ContainerLabel = "apug.container";
    private readonly ConcurrentDictionary<SandboxImage, ImagePool> pools = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, byte> background = new();
    private readonly ConcurrentDictionary<string, byte> live = new(); // keys of this pool's containers, from create to removal

    private sealed class ImagePool(SandboxImage image)
    {
        public SandboxImage Image { get; } = image;
        public ConcurrentQueue<WarmContainer> Idle { get; } = new();
        public int Busy;
        public int Starting;
        public int Failures;
        public bool Warm;
    }

    /// <summary>Containers kept per image: Sandbox:PoolSize, or this engine's workers.</summary>
    private int Target => target;

    public IReadOnlyList<SandboxPoolStatus> Status =>
    [
        .. Enum.GetValues<SandboxImage>().Select(image => pools.TryGetValue(image, out var p)
            ? new SandboxPoolStatus(ImageName(image), p.Idle.Count, p.Busy, p.Starting, p.Warm ? Target : 0)
            : new SandboxPoolStatus(ImageName(image), 0, 0, 0, 0)),
    ];

    /// <summary>Starts filling an image's pool in the background (the server does it for solutions at start-up).</summary>
    public void Warm(SandboxImage image)
    {
        var pool = Pool(image);
        pool.Warm = true;
        Refill(pool);
    }

    /// <summary>A started container whose ceiling fits the limit; a fresh one (never an idle one) when asked.</summary>
    public async Task<WarmContainer> TakeAsync(SandboxImage image, int memoryKb, bool fresh, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        var pool = Pool(image);
        // Whoever uses an image keeps its pool warm from then on.
        pool.Warm = true;
        var ceiling = CeilingBytes(memoryKb);
        Interlocked.Increment(ref pool.Busy);
        try
        {
            while (!fresh && pool.Idle.TryDequeue(out var idle))
            {
                if (idle.CeilingBytes >= ceiling && idle.IsUsable) return idle;
                Remove(idle);
            }
            return await CreateAsync(image, Math.Max(ceiling, CeilingBytes(0)), cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref pool.Busy);
            throw;
        }
        finally
        {
            Refill(pool);
        }
    }

    /// <summary>The program is done and the runner says the container is clean: it serves the next one.</summary>
    public void Return(WarmContainer container)
    {
        var pool = Pool(container.Image);
        Interlocked.Decrement(ref pool.Busy);
        if (!stopping.IsCancellationRequested && pool.Idle.Count + Volatile.Read(ref pool.Busy) < Target && container.IsUsable) pool.Idle.Enqueue(container);
        else Remove(container);
    }

    /// <summary>Something went wrong with a taken container: it is removed in the background and replaced.</summary>
    public void Discard(WarmContainer container)
    {
        var pool = Pool(container.Image);
        Interlocked.Decrement(ref pool.Busy);
        Remove(container);
        Refill(pool);
    }

    private ImagePool Pool(SandboxImage image) => pools.GetOrAdd(image, i => new ImagePool(i));

    private long CeilingBytes(int memoryKb)
    {
        var settings = options.Value;
        var runner = (long)(settings.MemoryOverheadMiB + settings.BoxMiB) << 20; // the runner and the test data in /box
        return Math.Max((long)memoryKb * 1024, (long)settings.MaxMemoryMiB << 20) + runner;
    }

    private string ImageName(SandboxImage image) => image switch
    {
        SandboxImage.Python => options.Value.PythonImage,
        SandboxImage.Validator => options.Value.ValidatorImage,
    };

    private void Refill(ImagePool pool)
    {
        if (!pool.Warm || stopping.IsCancellationRequested) return;
        while (true)
        {
            // The target counts every container of the image, taken ones too: a worker holds one at a time, so a pool
            // as large as the worker count never makes a submission wait, and taking one must not start another.
            var starting = Volatile.Read(ref pool.Starting);
            if (pool.Idle.Count + Volatile.Read(ref pool.Busy) + starting >= Target || starting >= 2) return; // two at a time: starting costs CPU
            if (Interlocked.CompareExchange(ref pool.Starting, starting + 1, starting) == starting) break;
        }
        Track(Task.Run(async () =>
        {
            try
            {
                // Back off while the engine is away, so a stopped engine is not hammered.
                var failures = Volatile.Read(ref pool.Failures);
                if (failures > 0) await Task.Delay(SandboxEngine.Backoff(failures), stopping.Token);
                var container = await CreateAsync(pool.Image, CeilingBytes(0), stopping.Token);
                Volatile.Write(ref pool.Failures, 0);
                if (stopping.IsCancellationRequested) Remove(container);
                else pool.Idle.Enqueue(container);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                if (Interlocked.Increment(ref pool.Failures) == 1)
                    logger.LogWarning("Could not start a warm sandbox ({Image}) on {Engine}: {Message}; retrying in the background", ImageName(pool.Image), endpoint, ex.Message);
            }
            finally
            {
                Interlocked.Decrement(ref pool.Starting);
            }
            Refill(pool);
        }));
    }

    private async Task<WarmContainer> CreateAsync(SandboxImage image, long ceilingBytes, CancellationToken cancellationToken)
    {
        var name = ImageName(image);
        var slot = -1;
        var key = Guid.NewGuid().ToString("N");
        try
        {
            // Leftovers of this instance's previous life go first, before any container of this life exists here.
            using (var sweep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                sweep.CancelAfter(TimeSpan.FromSeconds(30)); // a hung engine: not answering, not a worker held for minutes
                await sweeper.EnsureSweptAsync(sweep.Token);
            }
            await images.EnsureAsync(name, cancellationToken);
            var labels = new Dictionary<string, string>(options.Value.Labels)
            {
                [DockerSandbox.SandboxLabel] = "1",
                [DockerSandbox.OwnerLabel] = owner.Id,
                [PoolLabel] = image.ToString().ToLowerInvariant(),
                [ContainerLabel] = key,
            };
            live[key] = 0;
            slot = slots.Take();
            WarmContainer container;
            try
            {
                container = await WarmContainer.StartAsync(docker, image, name, ceilingBytes, options.Value.UidBase + slot,
                    labels, options.Value, logger, cancellationToken);
            }
            catch (DockerImageNotFoundException)
            {
                // Gone since it was checked (removed, or a fresh engine at the same address): copy or build it again.
                images.Forget(name);
                await images.EnsureAsync(name, cancellationToken);
                container = await WarmContainer.StartAsync(docker, image, name, ceilingBytes, options.Value.UidBase + slot,
                    labels, options.Value, logger, cancellationToken);
            }
            container.Slot = slot;
            container.Key = key;
            return container;
        }
        catch (Exception ex)
        {
            live.TryRemove(key, out _);
            if (slot >= 0) slots.Free(slot);
            if (ex is not SandboxException && !cancellationToken.IsCancellationRequested && DockerSandbox.IsEngineUnreachable(ex))
                throw SandboxException.Unreachable(endpoint, ex);
            throw;
        }
    }

    private void Remove(WarmContainer container) => Track(Task.Run(async () =>
    {
        await container.DisposeAsync();
        slots.Free(container.Slot);
        live.TryRemove(container.Key, out _);
    }));

    /// <summary>
    /// The engine answers again after it did not: its idle containers may have died with it (a restart kills them)
    /// and the removals tried meanwhile failed. Idle ones are dropped (and replaced); this owner's containers the pool
    /// no longer holds are swept. Those in use stay: their programs find out themselves.
    /// </summary>
    internal void Recover()
    {
        if (stopping.IsCancellationRequested) return;
        foreach (var pool in pools.Values)
            while (pool.Idle.TryDequeue(out var idle))
            {
                Interlocked.Increment(ref pool.Busy); // Discard counts it out again
                Discard(idle);
            }
        Track(Task.Run(async () =>
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                deadline.CancelAfter(TimeSpan.FromSeconds(30));
                await sweeper.SweepAsync(deadline.Token, keep: labels => labels.TryGetValue(ContainerLabel, out var key) && live.ContainsKey(key));
            }
            catch (Exception ex)
            {
                logger.LogWarning("Could not sweep sandbox containers on {Engine} after it came back: {Message}", endpoint, ex.Message);
            }
        }));
    }

    private void Track(Task task)
    {
        background[task] = 0;
        task.ContinueWith(t => background.TryRemove(t, out _), TaskScheduler.Default);
    }

    // A host disposed synchronously (WebApplicationFactory.Dispose, a plain ServiceProvider) must not leave warm containers behind.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested) return;
        await stopping.CancelAsync();
        foreach (var pool in pools.Values)
            while (pool.Idle.TryDequeue(out var idle)) Remove(idle);
        // Let the removals finish, so no container outlives the server (the start-up sweep is the backstop).
        await Task.WhenAny(Task.WhenAll(background.Keys), Task.Delay(TimeSpan.FromSeconds(30)));
    }
}

/// <summary>
/// Which uids this instance's warm containers run their programs as, across all engines: engines on one machine share
/// its kernel, whose per-uid limits (inotify, pipe buffers) must never be shared between two teams.
/// </summary>
public sealed class UidSlots
{
    private readonly HashSet<int> used = [];

    public int Take()
    {
        lock (used)
        {
            var slot = 0;
            while (!used.Add(slot)) slot++;
            return slot;
        }
    }

    public void Free(int slot)
    {
        lock (used) used.Remove(slot);
    }
}
