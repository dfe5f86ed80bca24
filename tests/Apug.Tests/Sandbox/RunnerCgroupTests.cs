using System.Diagnostics;
using Apug.Tests.Challenges;

namespace Apug.Tests.Sandbox;

/// <summary>
/// runner.py's cgroup readers against fixture trees: cgroup v2 (most users' machines) cannot be had on this cgroup v1
/// host, so its counters are checked here from files laid out as the kernel does; v1 runs for real in the other tests.
/// </summary>
public sealed class RunnerCgroupTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("apug-cgroup-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string Python(string code)
    {
        var runner = Path.Combine(TestPaths.RepoRoot, "sandbox-images", "python");
        var info = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3", ["-c", code])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PYTHONPATH"] = runner;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        return stdout.Trim();
    }

    [Fact]
    public void OnCgroupV2TheRunsCountersComeFromCpuStatMemoryPeakAndMemoryEvents()
    {
        Write("cgroup.controllers", "cpuset cpu io memory pids\n");
        Write("run/cpu.stat", "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\nnr_periods 0\n");
        Write("run/memory.peak", "52428800\n");
        Write("run/memory.events", "low 0\nhigh 0\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n");
        Write("run/cgroup.procs", "7\n9\n");
        var output = Python($"""
            import runner
            cg = runner.detect_cgroups({Quote(root)}, remount=False)
            print(cg.version, cg.cpu_ns(), cg.peak_bytes(), cg.oom_kills(), cg.pids(), cg.procs_files()[0].endswith("run/cgroup.procs"))
            """);
        Assert.Equal("v2 1234567000 52428800 1 [7, 9] True", output);
    }

    [Fact]
    public void OnCgroupV1TheRunsCountersComeFromCpuacctAndTheMemoryController()
    {
        Write("memory/run/memory.max_usage_in_bytes", "10485760\n");
        Write("memory/run/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        Write("memory/run/cgroup.procs", "");
        Write("cpuacct/run/cpuacct.usage", "987654321\n");
        Directory.CreateDirectory(Path.Combine(root, "pids", "run"));
        var output = Python($"""
            import runner
            cg = runner.detect_cgroups({Quote(root)}, remount=False)
            print(cg.version, cg.cpu_ns(), cg.peak_bytes(), cg.oom_kills(), cg.pids(), len(cg.procs_files()))
            """);
        Assert.Equal("v1 987654321 10485760 3 [] 3", output);
    }

    [Fact]
    public void EachRunsCgroupGetsAFreshRandomNameThatTellsNothingOfEarlierRuns()
    {
        // Two run cgroups exist at once (one running, the next prepared): a counted or alternating name would tell a
        // program how many tests ran before it.
        Directory.CreateDirectory(Path.Combine(root, "run"));
        var output = Python($"""
            import runner
            names = [runner.free_name([{Quote(root)}]) for _ in range(50)]
            print(len(set(names)), all(n.startswith("run-") and len(n) == 16 and int(n[4:], 16) >= 0 for n in names))
            """);
        Assert.Equal("50 True", output);
    }

    private static string Quote(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
