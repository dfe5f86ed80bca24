using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// A second Docker engine on this machine: its own dockerd (and the containerd it starts) with its own data root, exec
/// root, pid file and socket under a temporary folder, no bridge network and no iptables. Optionally also on
/// tcp://127.0.0.1 with TLS client certificates (made here with openssl). Disposing it stops it and removes its folder;
/// after <see cref="KillAsync"/> (a crash: SIGKILL, its containers keep running under their shims) it is started once
/// more on the same folders, which kills what was left, and then stopped cleanly.
/// </summary>
public sealed class SecondEngine : IAsyncDisposable
{
    private readonly string directory;
    private readonly string[] arguments;
    private Process? dockerd;
    private bool killed;

    private SecondEngine(string directory, string[] arguments, int? tcpPort)
    {
        this.directory = directory;
        this.arguments = arguments;
        TcpPort = tcpPort;
    }

    public string Endpoint => $"unix://{Path.Combine(directory, "docker.sock")}";

    /// <summary>Set when started with TLS: tcp://127.0.0.1:PORT, with <see cref="CaPath"/>, <see cref="CertPath"/>, <see cref="KeyPath"/>.</summary>
    public int? TcpPort { get; }

    public string TcpEndpoint => $"tcp://127.0.0.1:{TcpPort}";
    public string CaPath => Path.Combine(directory, "tls", "ca.pem");
    public string CertPath => Path.Combine(directory, "tls", "cert.pem");
    public string KeyPath => Path.Combine(directory, "tls", "key.pem");

    public DockerClient CreateClient() => new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).Build();

    /// <param name="image">A sandbox image to copy from the machine's engine (`docker save | docker load`), or null for a fresh engine.</param>
    public static async Task<SecondEngine> StartAsync(string? image = Apug.Server.Sandbox.SandboxOptions.DefaultPythonImage, bool tls = false)
    {
        // Short: the engine's sockets live below it and a unix socket path has at most 107 bytes.
        var directory = Directory.CreateTempSubdirectory("apug-engine-").FullName;
        int? port = null;
        List<string> arguments =
        [
            "--data-root", Path.Combine(directory, "data"),
            "--exec-root", Path.Combine(directory, "exec"),
            "--pidfile", Path.Combine(directory, "docker.pid"),
            "-H", $"unix://{Path.Combine(directory, "docker.sock")}",
            "--bridge=none", "--iptables=false", "--ip6tables=false",
        ];
        if (tls)
        {
            port = FreePort();
            await MakeCertificatesAsync(Path.Combine(directory, "tls"));
            arguments.AddRange([
                "-H", $"tcp://127.0.0.1:{port}", "--tlsverify",
                "--tlscacert", Path.Combine(directory, "tls", "ca.pem"),
                "--tlscert", Path.Combine(directory, "tls", "server-cert.pem"),
                "--tlskey", Path.Combine(directory, "tls", "server-key.pem"),
            ]);
        }
        var engine = new SecondEngine(directory, [.. arguments], port);
        try
        {
            await engine.StartDockerdAsync();
            if (image is not null) await RunAsync("bash", "-c", $"docker save {image} | docker -H {engine.Endpoint} load");
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    private async Task StartDockerdAsync()
    {
        var info = new ProcessStartInfo("dockerd", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        dockerd = Process.Start(info) ?? throw new InvalidOperationException("could not start dockerd");
        var log = new System.Text.StringBuilder();
        dockerd.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        dockerd.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        dockerd.BeginOutputReadLine();
        dockerd.BeginErrorReadLine();
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.System.PingAsync(timeout.Token);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !dockerd.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex)
            {
                string text;
                lock (log) text = log.ToString();
                throw new InvalidOperationException($"The second dockerd did not answer at {Endpoint} ({ex.Message}); its log:\n{text}");
            }
        }
    }

    /// <summary>The engine goes away as in a crash: dockerd gets SIGKILL (its containerd dies with it, the containers' shims stay).</summary>
    public async Task KillAsync()
    {
        if (dockerd is null || dockerd.HasExited) return;
        killed = true;
        dockerd.Kill();
        await dockerd.WaitForExitAsync();
    }

    /// <summary>The engine hangs as a stuck dockerd does: its socket still accepts connections, nothing answers (SIGSTOP).</summary>
    public Task FreezeAsync() => RunAsync("kill", "-STOP", dockerd!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>After <see cref="FreezeAsync"/>: it answers again (SIGCONT).</summary>
    public Task ThawAsync() => RunAsync("kill", "-CONT", dockerd!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>After <see cref="KillAsync"/>: dockerd again on the same folders (images kept; what was left running is killed).</summary>
    public async Task RestartAsync()
    {
        if (!killed) return;
        killed = false;
        // The killed dockerd's containerd may still be going away (on a busy machine the new one then times out): try again.
        for (var attempt = 1; ; attempt++)
        {
            dockerd?.Dispose();
            try
            {
                await StartDockerdAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 4 && dockerd is { HasExited: true })
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A dockerd that starts on the state of a killed one kills the containers that were left running.
            await RestartAsync();
            if (dockerd is { HasExited: false })
            {
                await RunAsync("kill", "-TERM", dockerd.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await dockerd.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    dockerd.Kill();
                }
            }
        }
        finally
        {
            dockerd?.Dispose();
            // dockerd leaves its data root bind-mounted on itself: unmount whatever is below the folder, deepest first.
            var mounts = (await File.ReadAllLinesAsync("/proc/mounts")).Select(l => l.Split(' ')[1])
                .Where(m => m.StartsWith(directory + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length);
            foreach (var mount in mounts) await RunAsync(["umount", "-l", mount], check: false);
            await RunAsync(["rm", "-rf", "--one-file-system", directory], check: false);
        }
    }

    /// <summary>A CA, a server certificate for 127.0.0.1 and a client certificate, as Docker's "protect the daemon socket" guide makes them.</summary>
    private static async Task MakeCertificatesAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await RunAsync("bash", "-c", $"""
            set -e
            cd '{folder}'
            openssl genrsa -out ca-key.pem 2048 2>/dev/null
            openssl req -new -x509 -days 2 -key ca-key.pem -sha256 -subj '/CN=apug test CA' -out ca.pem
            openssl genrsa -out server-key.pem 2048 2>/dev/null
            openssl req -new -key server-key.pem -subj '/CN=127.0.0.1' -out server.csr
            printf 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n' > server.ext
            openssl x509 -req -days 2 -sha256 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -extfile server.ext 2>/dev/null
            openssl genrsa -out key.pem 2048 2>/dev/null
            openssl req -new -key key.pem -subj '/CN=apug judge' -out client.csr
            printf 'extendedKeyUsage = clientAuth\n' > client.ext
            openssl x509 -req -days 2 -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -extfile client.ext 2>/dev/null
            """);
    }

    private static Task RunAsync(string file, params string[] args) => RunAsync([file, .. args], check: true);

    private static async Task RunAsync(string[] command, bool check)
    {
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
