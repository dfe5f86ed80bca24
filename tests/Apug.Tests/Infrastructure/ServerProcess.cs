using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process (`dotnet Apug.Server.dll --urls http://127.0.0.1:PORT`) on Kestrel, over its
/// own data folder: a test can SIGKILL it and start it again, as a power cut and a restart would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public Uri Address { get; }
    public int Id => process.Id;

    private readonly bool killTree;

    private ServerProcess(Process process, Uri address, bool killTree)
    {
        this.process = process;
        Address = address;
        this.killTree = killTree;
    }

    /// <summary>Starts the server and waits until /api/health answers.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, string challengesPath, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Apug.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        return StartAsync(info, port, dataDirectory, challengesPath, settings, killTree: false);
    }

    /// <summary>
    /// Starts the server as the README says, `dotnet run --project src/Apug.Server -- --urls …` from the repository root
    /// (so the content root is the repository root), without building again (the test run built it), plus the given
    /// command-line arguments, e.g. "--Logging:LogLevel:Default=Trace".
    /// </summary>
    public static Task<ServerProcess> StartLikeTheReadmeAsync(string dataDirectory, string challengesPath, params string[] arguments)
    {
        var port = FreePort();
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var info = new ProcessStartInfo("dotnet",
            ["run", "--no-build", "-c", configuration, "--project", "src/Apug.Server", "--", "--urls", $"http://127.0.0.1:{port}", .. arguments])
        {
            WorkingDirectory = TestPaths.RepoRoot,
        };
        // dotnet run starts the server as its child: a kill must take both.
        return StartAsync(info, port, dataDirectory, challengesPath, settings: null, killTree: true);
    }

    private static async Task<ServerProcess> StartAsync(
        ProcessStartInfo info, int port, string dataDirectory, string challengesPath, IDictionary<string, string>? settings, bool killTree)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.Environment["Apug__DatabasePath"] = Path.Combine(dataDirectory, "apug.db");
        info.Environment["Apug__ChallengesPath"] = challengesPath;
        info.Environment["Apug__Sandbox__ImagesPath"] = Path.Combine(TestPaths.RepoRoot, "sandbox-images");
        // A server killed with SIGKILL leaves its warm pool: the test run removes it by this label at its end.
        info.Environment[TestRun.EnvironmentVariable.Key] = TestRun.EnvironmentVariable.Value;
        info.Environment["Apug__RateLimits__SubmissionsPerWindow"] = "100000";
        info.Environment["Apug__RateLimits__SubmissionBurst"] = "100000";
        info.Environment["Apug__RateLimits__RegistrationsPerWindow"] = "100000";
        info.Environment["Apug__RateLimits__RegistrationBurst"] = "100000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), killTree);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // without a timeout it also waits for the last output lines to be read
                throw new InvalidOperationException($"The server exited at start ({process.ExitCode}):\n{server.Output}");
            }
            try
            {
                if ((await client.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The server did not answer within 60 s:\n{server.Output}");
            await Task.Delay(200);
        }
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL, as a power cut: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: killTree);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
