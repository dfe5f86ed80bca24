// Verdict latency benchmark: a trivial 10-test AC submission judged end to end (HTTP → queue → container →
// verdict stored), next to the same 10 tests run by plain python3 on the host, in the same run.
// Prints medians and their ratio. Not part of the test run: `dotnet run -c Release --project tests/Apug.Bench`.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Apug.Server.Judging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

internal static class VerdictLatencyBenchmark
{
    private static async Task Main(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0]) : 9;
        var loadBefore = LoadAverage();
        const int tests = 10;
        const string solution = "a, b = map(int, input().split())\nprint(a + b)\n";

        var work = Directory.CreateTempSubdirectory("apug-bench-").FullName;
        var challenges = Path.Combine(work, "challenges");
        var package = Path.Combine(challenges, "bench-sum");
        Directory.CreateDirectory(Path.Combine(package, "data", "secret"));
        Directory.CreateDirectory(Path.Combine(package, "statement"));
        File.WriteAllText(Path.Combine(package, "problem.yaml"), "problem_format_version: 2025-09\nname: Bench sum\nlimits:\n  time_limit: 2\n");
        File.WriteAllText(Path.Combine(package, "statement", "problem.en.md"), "Print a + b.\n");
        for (var i = 0; i < tests; i++)
        {
            File.WriteAllText(Path.Combine(package, "data", "secret", $"{i:00}.in"), $"{i} {i * 7}\n");
            File.WriteAllText(Path.Combine(package, "data", "secret", $"{i:00}.ans"), $"{i * 8}\n");
        }
        var solutionFile = Path.Combine(work, "solution.py");
        File.WriteAllText(solutionFile, solution);

        // The system interpreter, not a version manager's shim (pyenv's adds ~200 ms per start).
        var hostPython = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var repoRoot = FindRepoRoot();
        // Outside a test project the factory cannot find the server's content root by itself.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_APUG_SERVER", Path.Combine(repoRoot, "src", "Apug.Server"));
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Apug:DatabasePath", Path.Combine(work, "apug.db"));
            builder.UseSetting("Apug:ChallengesPath", challenges);
            builder.UseSetting("Apug:Sandbox:ImagesPath", Path.Combine(repoRoot, "sandbox-images"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // One team submits back to back: the per-team limit is not what is measured.
            builder.UseSetting("Apug:RateLimits:SubmissionsPerWindow", "1000000");
            builder.UseSetting("Apug:RateLimits:SubmissionBurst", "1000000");
        });
        var client = factory.CreateClient();
        var team = await (await client.PostAsJsonAsync("/api/teams", new { name = "bench", members = new[] { "bench" } }))
            .Content.ReadFromJsonAsync<Registered>() ?? throw new InvalidOperationException("registration failed");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Token);
        var events = factory.Services.GetRequiredService<SubmissionEvents>();

        async Task<double> JudgeOnceAsync()
        {
            var judged = new TaskCompletionSource<SubmissionJudged>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = events.Subscribe(e => { if (e is SubmissionJudged j) judged.TrySetResult(j); });
            var stopwatch = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/api/submissions", new { challengeId = "bench-sum", source = solution });
            response.EnsureSuccessStatusCode();
            var result = await judged.Task.WaitAsync(TimeSpan.FromMinutes(5));
            stopwatch.Stop();
            if (result.Outcome.Verdict != Verdict.AC) throw new InvalidOperationException($"expected AC, got {result.Outcome.Verdict}: {result.Outcome.Message}");
            return stopwatch.Elapsed.TotalMilliseconds;
        }

        double HostOnce()
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < tests; i++)
            {
                using var process = Process.Start(new ProcessStartInfo(hostPython, [solutionFile])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                })!;
                process.StandardInput.Write(File.ReadAllText(Path.Combine(package, "data", "secret", $"{i:00}.in")));
                process.StandardInput.Close();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (output.Trim() != $"{i * 8}") throw new InvalidOperationException("host run gave a wrong answer");
            }
            return stopwatch.Elapsed.TotalMilliseconds;
        }

        Console.WriteLine($"warming up (builds the sandbox image if missing) ...");
        await JudgeOnceAsync();
        HostOnce();

        // The sandbox's share: the same source through SourceJudge alone (warm container, syntax check, 10 runs, output
        // checks), without HTTP, queue, storage and events.
        var sourceJudge = factory.Services.GetRequiredService<SourceJudge>();
        var catalog = factory.Services.GetRequiredService<Apug.Server.Challenges.ChallengeCatalog>();
        async Task<double> SandboxOnceAsync()
        {
            var stopwatch = Stopwatch.StartNew();
            var outcome = await sourceJudge.JudgeAsync(catalog.Find("bench-sum")!, solution, CancellationToken.None);
            if (outcome.Verdict != Verdict.AC) throw new InvalidOperationException($"expected AC, got {outcome.Verdict}");
            return stopwatch.Elapsed.TotalMilliseconds;
        }

        var judge = new List<double>();
        var host = new List<double>();
        var sandbox = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Interleaved so that machine noise hits all series alike.
            host.Add(HostOnce());
            judge.Add(await JudgeOnceAsync());
            sandbox.Add(await SandboxOnceAsync());
            Console.WriteLine($"round {round + 1}/{rounds}: host {host[^1]:0} ms, judge {judge[^1]:0} ms, of which the sandbox alone {sandbox[^1]:0} ms");
        }

        var hostMedian = Median(host);
        var judgeMedian = Median(judge);
        Console.WriteLine();
        Console.WriteLine($"median over {rounds} rounds, {tests} tests each:");
        Console.WriteLine($"  baseline: {hostPython} on the host, {tests} processes {hostMedian,8:0} ms");
        Console.WriteLine($"  judge: POST → verdict stored (a warm container)      {judgeMedian,8:0} ms");
        Console.WriteLine($"  the sandbox alone (SourceJudge, no HTTP/queue/store) {Median(sandbox),8:0} ms");
        Console.WriteLine($"  ratio judge / baseline                               {judgeMedian / hostMedian,8:0.00}x");
        // Other work on the machine skews the ratio either way: say how busy it was.
        Console.WriteLine($"  machine load average {loadBefore} at the start, {LoadAverage()} at the end ({Environment.ProcessorCount} cores)");
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        // The 1-minute load average (other work on the machine skews the ratio).
        static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        static string FindRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Apug.sln"))) return dir.FullName;
            return Directory.GetCurrentDirectory();
        }
    }
}

internal sealed record Registered(Guid Id, string Name, string Token);
