using System.Net.Security;
using Docker.DotNet;
using Docker.DotNet.X509;
using Microsoft.Extensions.Options;

namespace Apug.Server.Sandbox;

/// <summary>
/// One Docker engine of the judge: its client, images, leftover sweep, warm pool and how much it runs now. Whether it
/// answers is remembered: an engine that went away is skipped, and tried again (after a ping) with a growing pause.
/// </summary>
public sealed class SandboxEngine : IAsyncDisposable
{
    // Real time, never the contest clock (tests replace that): an engine's pause is about the machine.
    private static readonly TimeProvider clock = TimeProvider.System;
    private readonly object state = new();
    private int sessions;
    private int solutions;
    private int runs;
    private long programs;
    private long moved;
    private long repeated;
    private bool down;
    private int failures;
    private DateTimeOffset retryAt;
    private string? error;
    private string? tlsRejection; // why the last TLS handshake refused the engine's certificate

    internal SandboxEngine(SandboxEngineOptions engine, IOptions<SandboxOptions> options, SandboxOwner owner, UidSlots slots,
        ILoggerFactory loggers, Func<IEnumerable<SandboxImages>> siblings)
    {
        Endpoint = engine.Display;
        Workers = engine.Workers;
        Docker = CreateClient(engine);
        Images = new SandboxImages(Docker, Endpoint, options, loggers.CreateLogger<SandboxImages>(), siblings);
        Sweeper = new LeftoverSweeper(Docker, Endpoint, owner, loggers.CreateLogger<LeftoverSweeper>());
        var target = options.Value.PoolSize > 0 ? options.Value.PoolSize : Workers;
        Pool = new SandboxPool(Docker, Endpoint, target, Images, Sweeper, owner, slots, options, loggers.CreateLogger<SandboxPool>());
        Sandbox = new DockerSandbox(Pool, options);
    }

    /// <summary>The endpoint without secrets (what logs and /api/health show).</summary>
    public string Endpoint { get; }

    public int Workers { get; }
    public DockerClient Docker { get; }
    public SandboxImages Images { get; }
    public LeftoverSweeper Sweeper { get; }
    public SandboxPool Pool { get; }
    internal DockerSandbox Sandbox { get; }

    /// <summary>Programs running on this engine now.</summary>
    public int Sessions
    {
        get { lock (state) return sessions; }
    }

    /// <summary>Programs started on this engine since the server started.</summary>
    public long Programs => Interlocked.Read(ref programs);

    /// <summary>Runs (test cases) in progress on this engine now.</summary>
    internal int Runs => Volatile.Read(ref runs);

    /// <summary>Programs that had to move to another engine because this one went away.</summary>
    public long Moved => Interlocked.Read(ref moved);

    /// <summary>Runs interrupted by this engine going away and run again on another engine.</summary>
    public long Repeated => Interlocked.Read(ref repeated);

    /// <summary>False once the engine failed to answer, until it answers again.</summary>
    public bool Reachable
    {
        get { lock (state) return !down; }
    }

    /// <summary>What the engine's last failure said (null while it answers).</summary>
    public string? Error
    {
        get { lock (state) return error; }
    }

    /// <summary>No API version pinned: the engine here speaks 1.41 and rejects newer ones.</summary>
    private DockerClient CreateClient(SandboxEngineOptions engine)
    {
        var builder = new DockerClientBuilder().WithEndpoint(new Uri(engine.Endpoint));
        if (engine.Endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            // As `docker --tlsverify`: our client certificate for the engine; the engine's certificate must be signed by
            // the given CA (not merely by one the system trusts) and name the host we connect to.
            var signedByCa = DockerTlsCertificates.CreateCertificateAuthorityValidationCallback(
                DockerTlsCertificates.LoadCertificateAuthorityFromPemFile(engine.CaCertificate!));
            var credentials = new CertificateCredentials(DockerTlsCertificates.LoadCertificateFromPemFiles(engine.ClientCertificate!, engine.ClientKey!))
            {
                ServerCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    var named = (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0;
                    var signed = named && signedByCa(sender, certificate, chain, errors);
                    Volatile.Write(ref tlsRejection, signed ? null
                        : !named ? $"the engine's certificate ({certificate?.Subject}) does not name {new Uri(engine.Endpoint).Host}"
                        : $"the engine's certificate ({certificate?.Subject}) is not signed by the CA in {engine.CaCertificate}");
                    return signed;
                },
            };
            builder = builder.WithAuthProvider(credentials);
        }
        return (DockerClient)builder.Build();
    }

    /// <summary>Whether solutions are held to <see cref="Workers"/> (several engines; one engine has only the judge's workers).</summary>
    internal bool Limited { get; set; }

    /// <summary>Called when a program leaves, so a solution waiting for a free slot looks again.</summary>
    internal Action? Freed { get; set; }

    /// <summary>Takes a place for a program, atomically: a solution only while fewer than Workers run here (when
    /// <see cref="Limited"/>), so an engine never runs more at once than its share, whatever the others do.</summary>
    internal bool TryEnter(SandboxImage image, bool overcommit = false)
    {
        lock (state)
        {
            if (image == SandboxImage.Python)
            {
                if (Limited && !overcommit && solutions >= Workers) return false;
                solutions++;
            }
            sessions++;
        }
        Interlocked.Increment(ref programs);
        return true;
    }

    internal void Leave(SandboxImage image)
    {
        lock (state)
        {
            sessions--;
            if (image == SandboxImage.Python) solutions--;
        }
        Freed?.Invoke();
    }

    /// <summary>Solutions running here now.</summary>
    internal int Solutions
    {
        get { lock (state) return solutions; }
    }

    internal void RunStarted() => Interlocked.Increment(ref runs);

    internal void RunEnded() => Interlocked.Decrement(ref runs);

    internal void CountMoved(bool midRun)
    {
        Interlocked.Increment(ref moved);
        if (midRun) Interlocked.Increment(ref repeated);
    }

    /// <summary>Load relative to capacity: where the next program goes (the lowest).</summary>
    internal double Load => (double)Sessions / Workers;

    /// <summary>Whether the engine may be given a program now: it answers, or its pause is over and it answers a ping.</summary>
    internal async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        lock (state)
        {
            if (!down) return true;
            if (clock.GetUtcNow() < retryAt) return false;
        }
        return await PingAsync(cancellationToken);
    }

    /// <summary>Pings the engine (5 s at most) and remembers the answer; never throws but for the caller's cancellation.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await Docker.System.PingAsync(timeout.Token);
            MarkUp();
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? "no answer within 5 s" : Explain(ex);
            if (Volatile.Read(ref tlsRejection) is { } rejected) reason += $" ({rejected})";
            MarkDown(reason);
            return false;
        }
    }

    /// <summary>The messages down the exception chain ("Authentication failed, see inner exception" alone says nothing).</summary>
    private static string Explain(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
            if (!messages.Contains(e.Message)) messages.Add(e.Message);
        return string.Join(" → ", messages);
    }

    /// <summary>After the n-th failure in a row: 1, 2, 4 … 30 s, so a stopped engine is neither hammered nor forgotten.</summary>
    internal static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Clamp(failures - 1, 0, 5)));

    internal void MarkUp()
    {
        bool back;
        lock (state)
        {
            back = down;
            down = false;
            failures = 0;
            error = null;
        }
        // Back after being away: what died or could not be removed meanwhile is cleaned up now.
        if (back) Pool.Recover();
    }

    internal void MarkDown(string reason)
    {
        lock (state)
        {
            down = true;
            failures++;
            error = reason;
            retryAt = clock.GetUtcNow() + Backoff(failures);
        }
    }

    public SandboxEngineStatus Status => new(Endpoint, Reachable, Error, Workers, Sessions, Programs, Moved, Repeated, Pool.Status);

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        Docker.Dispose();
    }
}

/// <summary>One engine in /api/health: where (no secrets), whether it answers, its workers, what runs on it, its pools.</summary>
/// <param name="Running">Programs running on it now.</param>
/// <param name="Programs">Programs started on it since the server started.</param>
/// <param name="Moved">Programs that moved to another engine because this one went away.</param>
/// <param name="Repeated">Of those, runs that were interrupted and run again on the other engine.</param>
public sealed record SandboxEngineStatus(
    string Endpoint, bool Reachable, string? Error, int Workers, int Running, long Programs, long Moved, long Repeated,
    IReadOnlyList<SandboxPoolStatus> Pools);
