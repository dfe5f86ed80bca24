using System.Diagnostics;
using System.Globalization;
using Apug.Server.Sandbox;
using Docker.DotNet;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// Labels every sandbox container this test run's servers make (in-process hosts, SandboxHosts and server processes)
/// with apug.testrun=PID-START, and cleans up by that label: at the end of the run, whatever its servers left (a
/// server killed with SIGKILL leaves its warm pool); at the start, what earlier runs left when they were killed
/// themselves (their process is gone). Containers of servers that are not a test run's (no label), or of a test run
/// that still runs (another engineer's on this machine), are never touched.
/// </summary>
public static class TestRun
{
    public const string Label = "apug.testrun";
    private const string Engine = "unix:///var/run/docker.sock";

    public static string Id { get; } = IdOf(Process.GetCurrentProcess());

    private static readonly Task earlierRuns;

    static TestRun()
    {
        earlierRuns = Task.Run(() => RemoveAsync(run => run != Id && !IsRunning(run)));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                earlierRuns.Wait(TimeSpan.FromSeconds(30));
                RemoveAsync(run => run == Id).Wait(TimeSpan.FromSeconds(60));
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"TestRun: could not remove this run's sandbox containers: {ex.Message}");
            }
        };
    }

    /// <summary>The environment variable that labels a server process's containers (it inherits the test's environment).</summary>
    public static KeyValuePair<string, string> EnvironmentVariable => new($"Apug__Sandbox__Labels__{Label}", Id);

    /// <summary>The setting that labels an in-process host's containers.</summary>
    public static KeyValuePair<string, string?> Setting => new($"Apug:Sandbox:Labels:{Label}", Id);

    private static string IdOf(Process process) =>
        string.Create(CultureInfo.InvariantCulture, $"{process.Id}-{new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds()}");

    /// <summary>The run's process still exists and is the same process (pids are reused).</summary>
    private static bool IsRunning(string run)
    {
        var dash = run.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !int.TryParse(run[..dash], CultureInfo.InvariantCulture, out var pid) ||
            !long.TryParse(run[(dash + 1)..], CultureInfo.InvariantCulture, out var started)) return true; // not ours to judge: keep
        try
        {
            using var process = Process.GetProcessById(pid);
            var id = IdOf(process);
            return Math.Abs(long.Parse(id[(id.IndexOf('-', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture) - started) <= 1;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }

    /// <summary>Removes the sandbox containers on the local engine whose test run matches (the server's own sweep, by this label).</summary>
    private static async Task RemoveAsync(Func<string, bool> whose)
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri(Engine)).Build();
        try
        {
            await LeftoverSweeper.RemoveAsync(docker, Label, labels => !(labels.TryGetValue(Label, out var run) && whose(run)), CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // no engine: the Docker tests say so loudly themselves
        }
    }

    /// <summary>For tests of this class: removes what matches now (the start-up sweep of earlier runs is the same call).</summary>
    internal static Task RemoveEarlierRunsAsync() => RemoveAsync(run => run != Id && !IsRunning(run));
}
