// Load test, loopback only and bounded: starts the real server as a child process on 127.0.0.1 over a temporary
// folder, connects many SignalR listeners, registers teams and submits all at once, then checks that nothing was lost,
// each submission was judged exactly once and every listener ends with the same leaderboard.
//
//   dotnet run --project tests/Apug.Load -- [--submissions 100] [--teams 25] [--listeners 200] [--workers 2] [--timeout 300] [--trivial]
//                                          [--two-instances] [--team-pages]
//
// --two-instances starts a PostgreSQL and a Redis (Debian's postgresql and redis-server, on loopback, as the tests do)
// and two servers sharing them (docs/scale-out.md); submissions and listeners alternate between the two, and every
// listener is a page of some team, so each hears its team's verdicts, about half of them judged on the other instance.
// --team-pages makes every listener a team page with one instance too (the same measurement, for comparison).
//
// Every run prints the median and p99 from a verdict's stored judgedAt to each listener hearing it.
//
// --trivial submits only the right answer (the throughput target): the run then also times the same tests run by
// /usr/bin/python3 on all cores and prints the ratio of the two throughputs, measured in the same run.
//
// Exit code 0 when everything is consistent, 1 otherwise. Mind the machine: this is not a benchmark to leave running.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Apug.Server.Contest;
using Apug.Server.Realtime;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var settings = Settings.Parse(args);
// Thousands of connections in this one process: keep-alive pings must not wait behind the message handlers, or the
// server drops the client after its 30 s timeout (seen with 2000 on a busy 2-core machine).
ThreadPool.SetMinThreads(Math.Max(64, settings.Listeners / 16), 64);
var failures = new List<string>();
var work = Directory.CreateTempSubdirectory("apug-load-").FullName;
var challenges = Path.Combine(work, "challenges");
WriteSumPackage(Path.Combine(challenges, "sum"));
var repo = FindRepoRoot();
Console.WriteLine($"load: {settings.Submissions} submissions from {settings.Teams} teams, {settings.Listeners} listeners, {settings.Workers} workers; data in {work}");
// Both rates are measured on this machine in this run: other work on it (a load average above the core count) skews
// the ratio either way, so it is printed with the result.
var loadBefore = LoadAverage();

LocalPostgresAndRedis? shared = null;
string? connectionString = null;
var environment = new Dictionary<string, string>
{
    ["Apug__ChallengesPath"] = challenges,
    ["Apug__Sandbox__ImagesPath"] = Path.Combine(repo, "sandbox-images"),
    ["Apug__Workers"] = settings.Workers.ToString(CultureInfo.InvariantCulture),
    ["Apug__RateLimits__SubmissionBurst"] = "1000000",
    ["Apug__RateLimits__SubmissionsPerWindow"] = "1000000",
    ["Apug__RateLimits__RegistrationBurst"] = "1000000",
    ["Apug__RateLimits__RegistrationsPerWindow"] = "1000000",
    ["Logging__LogLevel__Default"] = "Warning",
    // One line per verdict, to count how the instances shared the work.
    ["Logging__LogLevel__Apug.Server.Judging.SubmissionJudging"] = "Information",
};
if (settings.TwoInstances)
{
    shared = new LocalPostgresAndRedis();
    await shared.StartAsync();
    connectionString = await shared.NewDatabaseAsync();
    environment["Apug__Database__Provider"] = "postgres";
    environment["ConnectionStrings__Apug"] = connectionString;
    environment["Apug__Redis"] = shared.Redis;
    Console.WriteLine($"load: PostgreSQL on port {shared.PostgresPort}, Redis on {shared.Redis}; two instances");
}
var servers = Enumerable.Range(0, settings.TwoInstances ? 2 : 1).Select(i => StartServer(i)).ToList();
var server = servers[0].Process;

(Process Process, Uri Address, List<string> Log) StartServer(int index)
{
    var port = FreePort();
    var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Apug.Server.dll"), "--urls", $"http://127.0.0.1:{port}"])
    {
        WorkingDirectory = AppContext.BaseDirectory,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var (key, value) in environment) info.Environment[key] = value;
    // Each instance its own folder (SQLite file, or with PostgreSQL the admin token file) and name.
    info.Environment["Apug__DatabasePath"] = Path.Combine(work, $"instance-{index}", "apug.db");
    info.Environment["Apug__InstanceId"] = $"load-{index}";
    var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
    var log = new List<string>();
    process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (log) log.Add(line); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (log) log.Add(line); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return (process, new Uri($"http://127.0.0.1:{port}"), log);
}
var serverLog = servers[0].Log;
var baseAddress = servers[0].Address;
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TimeoutSeconds));
var listeners = new List<Listener>();
try
{
    using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    var instances = servers.Select(s => new HttpClient { BaseAddress = s.Address, Timeout = TimeSpan.FromSeconds(60) }).ToList();
    for (var i = 0; i < servers.Count; i++) await WaitForServerAsync(instances[i], servers[i].Process, deadline.Token);
    var rssBefore = RssKiB(server.Id);

    var teams = new List<(Guid Id, string Token)>();
    for (var i = 0; i < settings.Teams; i++)
    {
        var response = await http.PostAsJsonAsync("/api/teams", new { name = $"Load team {i:000}", members = new[] { "Ada", "Grace" } }, deadline.Token);
        response.EnsureSuccessStatusCode();
        var team = (await response.Content.ReadFromJsonAsync<Registered>(deadline.Token))!;
        teams.Add((team.Id, team.Token));
    }

    // One page per team (with its token), the rest anonymous: projectors and spectators.
    var connectWatch = Stopwatch.StartNew();
    // Two instances: listeners alternate between them, each a page of a team (a team has several), so all hear verdicts.
    for (var i = 0; i < settings.Listeners; i++)
        listeners.Add(new Listener(servers[i % servers.Count].Address, i < teams.Count || settings.AllTeamPages ? teams[i % teams.Count].Token : null)
            { Instance = i % servers.Count });
    foreach (var batch in listeners.Chunk(25)) await Task.WhenAll(batch.Select(l => l.StartAsync(deadline.Token)));
    Console.WriteLine($"load: {listeners.Count} listeners connected in {connectWatch.Elapsed.TotalSeconds:0.0} s");

    // Submit everything at once, round-robin over the teams.
    var submitted = new Dictionary<Guid, (string Expected, TimeSpan SubmittedAt, int Team)>();
    var submitWatch = Stopwatch.StartNew();
    var posts = Enumerable.Range(0, settings.Submissions).Select(async i =>
    {
        var (kind, source) = settings.Trivial ? Solutions.Right : Solutions.Pick(i);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = JsonContent.Create(new { challengeId = "sum", source }) };
        request.Headers.Authorization = new("Bearer", teams[i % teams.Count].Token);
        var submittedAt = Listener.Now;
        var response = await instances[i % instances.Count].SendAsync(request, deadline.Token);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"submission {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var accepted = (await response.Content.ReadFromJsonAsync<Accepted>(deadline.Token))!;
        lock (submitted) submitted[accepted.Id] = (kind, submittedAt, i % teams.Count);
    });
    await Task.WhenAll(posts);
    Console.WriteLine($"load: {settings.Submissions} submissions accepted in {submitWatch.Elapsed.TotalSeconds:0.0} s");

    // Wait for every verdict, as the team pages hear them.
    var teamPages = listeners.Take(teams.Count).ToList();
    // The first fifth warms the server up (its JIT compiles the judging path while it judges): the sustained rate is
    // that of the rest, as during an evening.
    var warmCount = submitted.Count / 5;
    TimeSpan? warmedAt = null;
    var progressAt = Stopwatch.StartNew();
    while (teamPages.Sum(l => l.JudgedCount) < submitted.Count)
    {
        if (warmedAt is null && teamPages.Sum(l => l.JudgedCount) >= warmCount) warmedAt = submitWatch.Elapsed;
        if (deadline.IsCancellationRequested) { failures.Add($"timed out: {teamPages.Sum(l => l.JudgedCount)} of {submitted.Count} verdicts heard"); break; }
        if (progressAt.Elapsed > TimeSpan.FromSeconds(30))
        {
            Console.WriteLine($"load: {teamPages.Sum(l => l.JudgedCount)} of {submitted.Count} verdicts heard so far; " +
                              $"{listeners.Count(l => l.State != HubConnectionState.Connected)} listener(s) not connected");
            progressAt.Restart();
        }
        await Task.Delay(200);
    }
    var elapsed = submitWatch.Elapsed;
    await Task.Delay(2000); // late duplicates or deltas would arrive now

    // Nothing lost, each judged once, each with the expected verdict.
    var heard = teamPages.SelectMany(l => l.Judged).ToList();
    foreach (var group in heard.GroupBy(h => h.SubmissionId).Where(g => g.Count() > 1))
        failures.Add($"submission {group.Key} was announced judged {group.Count()} times");
    var latencies = new List<double>();
    foreach (var (id, (expected, submittedAt, _)) in submitted)
    {
        var verdicts = heard.Where(h => h.SubmissionId == id).ToList();
        if (verdicts.Count == 0) { failures.Add($"submission {id} never announced judged"); continue; }
        if (verdicts[0].Verdict.ToString() != expected) failures.Add($"submission {id}: expected {expected}, got {verdicts[0].Verdict} ({verdicts[0].Message})");
        latencies.Add((verdicts[0].HeardAt - submittedAt).TotalSeconds);
    }
    foreach (var id in heard.Select(h => h.SubmissionId).Distinct().Where(id => !submitted.ContainsKey(id)))
        failures.Add($"an unknown submission {id} was announced");

    // The stored state agrees.
    await using (var db = connectionString is null
                     ? (System.Data.Common.DbConnection)new SqliteConnection($"Data Source={Path.Combine(work, "instance-0", "apug.db")};Mode=ReadOnly;Pooling=False")
                     : new NpgsqlConnection(connectionString))
    {
        await db.OpenAsync();
        var rows = (await db.QueryAsync<(string Id, string Status, string? Verdict, long Tests)>(
            "SELECT s.id, s.status, s.verdict, (SELECT COUNT(*) FROM test_results t WHERE t.submission_id = s.id) FROM submissions s")).ToList();
        if (rows.Count != submitted.Count) failures.Add($"{rows.Count} submissions stored, {submitted.Count} accepted");
        foreach (var row in rows)
        {
            var expected = submitted.TryGetValue(Guid.Parse(row.Id), out var s) ? s.Expected : "?";
            if (row.Status != "judged" || row.Verdict != expected) failures.Add($"stored {row.Id}: {row.Status} {row.Verdict}, expected {expected}");
            if (row.Verdict == "AC" && row.Tests != 3) failures.Add($"stored {row.Id}: AC with {row.Tests} test results");
        }
        if (connectionString is null)
        {
            var integrity = await db.ExecuteScalarAsync<string>("PRAGMA integrity_check");
            if (integrity != "ok") failures.Add($"integrity_check: {integrity}");
        }
    }

    // Every listener ends with the board its instance has, and every instance has the same standings.
    var boards = new List<LeaderboardSnapshot>();
    foreach (var instance in instances) boards.Add((await instance.GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Listener.Json, deadline.Token))!);
    var board = boards[0];
    var expectedSolved = board.Rows.ToDictionary(r => r.TeamId, r => (r.Solved, r.Cells.Sum(c => c.Attempts)));
    foreach (var other in boards.Skip(1))
        if (!other.Rows.ToDictionary(r => r.TeamId, r => (r.Solved, r.Cells.Sum(c => c.Attempts))).OrderBy(x => x.Key).SequenceEqual(expectedSolved.OrderBy(x => x.Key)))
            failures.Add("the instances' boards differ");
    var behind = listeners.Where(l => l.Version != boards[l.Instance].Version || !l.Solved().OrderBy(x => x.Key).SequenceEqual(expectedSolved.OrderBy(x => x.Key))).ToList();
    if (behind.Count > 0) failures.Add($"{behind.Count} listener(s) do not end with their instance's board (version {boards[behind[0].Instance].Version}); e.g. version {behind[0].Version}");
    var acceptedTeams = submitted.Values.Where(s => s.Expected == "AC").Select(s => teams[s.Team].Id).Distinct().Count();
    if (board.Rows.Count(r => r.Solved == 1) != acceptedTeams) failures.Add($"board: {board.Rows.Count(r => r.Solved == 1)} teams solved, expected {acceptedTeams}");
    var disconnected = listeners.Count(l => l.State != HubConnectionState.Connected);
    if (disconnected > 0) failures.Add($"{disconnected} listener(s) lost their connection");

    latencies.Sort();
    Console.WriteLine($"load: all {submitted.Count} judged in {elapsed.TotalSeconds:0.0} s = {submitted.Count / elapsed.TotalMinutes:0} submissions/min");
    if (latencies.Count > 0)
        Console.WriteLine($"load: verdict latency (submit → team page hears it) median {Percentile(latencies, 0.5):0.0} s, p95 {Percentile(latencies, 0.95):0.0} s, max {latencies[^1]:0.0} s");
    // From the stored judgedAt to each page hearing the verdict: the realtime path alone (with two instances, through Redis).
    var fanOut = listeners.SelectMany(l => l.Judged).Select(h => (h.ReceivedAt - h.JudgedAt).TotalMilliseconds).Order().ToList();
    if (fanOut.Count > 0)
        Console.WriteLine($"load: stored verdict → page hears it, over {fanOut.Count} deliveries to {listeners.Count(l => l.JudgedCount > 0)} pages: " +
                          $"median {Percentile(fanOut, 0.5):0} ms, p99 {Percentile(fanOut, 0.99):0} ms, max {fanOut[^1]:0} ms");
    if (servers.Count > 1)
    {
        // Which instance judged which submission (its log line), to tell pages on the judging instance from the others.
        var judgedBy = new Dictionary<Guid, int>();
        foreach (var (instance, index) in servers.Select((s, i) => (s, i)))
            lock (instance.Log)
                foreach (var line in instance.Log)
                    if (System.Text.RegularExpressions.Regex.Match(line, "Judged ([0-9a-f-]{36})") is { Success: true } m) judgedBy[Guid.Parse(m.Groups[1].Value)] = index;
        foreach (var (label, same) in new[] { ("on the judging instance", true), ("on the other instance", false) })
        {
            var part = listeners.SelectMany(l => l.Judged.Where(h => judgedBy.TryGetValue(h.SubmissionId, out var by) && (by == l.Instance) == same))
                .Select(h => (h.ReceivedAt - h.JudgedAt).TotalMilliseconds).Order().ToList();
            if (part.Count > 0)
                Console.WriteLine($"load:   pages {label}: {part.Count} deliveries, median {Percentile(part, 0.5):0} ms, p99 {Percentile(part, 0.99):0} ms");
        }
        Console.WriteLine("load: judged per instance: " + string.Join(", ", servers.Select((s, i) =>
        {
            lock (s.Log) return $"load-{i} {s.Log.Count(line => line.Contains("Judged ", StringComparison.Ordinal))}";
        })));
    }
    Console.WriteLine($"load: listeners got {listeners.Sum(l => l.Events)} events ({listeners.Sum(l => l.Deltas)} leaderboard deltas, {listeners.Sum(l => l.Gaps)} gaps resynced); final board version {board.Version}");
    Console.WriteLine($"load: server RSS {rssBefore / 1024} MiB before, {RssKiB(server.Id) / 1024} MiB after");
    if (settings.Trivial)
    {
        var judgeRate = submitted.Count / elapsed.TotalSeconds;
        var sustainedRate = warmedAt is { } warm && elapsed > warm ? (submitted.Count - warmCount) / (elapsed - warm).TotalSeconds : judgeRate;
        var bareRate = await BarePythonRateAsync(work, submitted.Count, Solutions.Right.Source);
        Console.WriteLine($"load: throughput {sustainedRate:0.00} submissions/s judged once warm (after the first {warmCount}; {judgeRate:0.00}/s over all) " +
                          $"vs {bareRate:0.00}/s bare /usr/bin/python3 on {Environment.ProcessorCount} cores (same 3 tests each, same run): " +
                          $"ratio {sustainedRate / bareRate:0.00} ({judgeRate / bareRate:0.00} over all)");
        Console.WriteLine($"load: machine load average {loadBefore} at the start, {LoadAverage()} at the end " +
                          $"({Environment.ProcessorCount} cores; above that, other work skews the ratio)");
    }
}
catch (Exception ex)
{
    failures.Add($"{ex.GetType().Name}: {ex.Message}");
}
finally
{
    await Task.WhenAll(listeners.Select(l => l.DisposeAsync().AsTask()));
    foreach (var (process, _, _) in servers)
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
    }
    SqliteConnection.ClearAllPools();
    NpgsqlConnection.ClearAllPools();
    if (shared is not null) await shared.StopAsync();
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
}

if (failures.Count == 0)
{
    Console.WriteLine("load: OK, nothing lost, each judged once, every listener consistent");
    return 0;
}
foreach (var failure in failures.Take(30)) Console.WriteLine($"load: FAIL {failure}");
foreach (var (instance, index) in servers.Select((s, i) => (s, i)))
    lock (instance.Log)
    {
        foreach (var line in instance.Log.Where(l => !l.Contains("Judged ", StringComparison.Ordinal)).TakeLast(30)) Console.WriteLine($"server {index}: {line}");
        var file = Path.Combine(Path.GetTempPath(), $"apug-load-server-{index}.log");
        File.WriteAllLines(file, instance.Log);
        Console.WriteLine($"load: server {index}'s whole log: {file}");
    }
return 1;

// The baseline: each submission's 3 tests run by the host's python3 (not a version manager's shim), one process per
// test, as many at once as there are cores.
static async Task<double> BarePythonRateAsync(string work, int submissions, string source)
{
    var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    var file = Path.Combine(work, "bare.py");
    File.WriteAllText(file, source);
    string[] inputs = ["1 2\n", "10 20\n", "-5 5\n"];
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, submissions), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (_, ct) =>
    {
        foreach (var input in inputs)
        {
            using var process = Process.Start(new ProcessStartInfo(python, [file]) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
        }
    });
    return submissions / watch.Elapsed.TotalSeconds;
}

// The 1-minute load average.
static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static long RssKiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

static async Task WaitForServerAsync(HttpClient http, Process server, CancellationToken cancellationToken)
{
    while (true)
    {
        if (server.HasExited) throw new InvalidOperationException($"the server exited at start ({server.ExitCode})");
        try
        {
            if ((await http.GetAsync("/api/health", cancellationToken)).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(200, cancellationToken);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepoRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        if (File.Exists(Path.Combine(directory.FullName, "Apug.sln"))) return directory.FullName;
    throw new InvalidOperationException("run from inside the repository (no Apug.sln above the binaries)");
}

static void WriteSumPackage(string root)
{
    Directory.CreateDirectory(Path.Combine(root, "problem_statement"));
    File.WriteAllText(Path.Combine(root, "problem.yaml"), "name: Sum\nlimits:\n  time_limit: 1\n  memory: 128\n");
    File.WriteAllText(Path.Combine(root, "problem_statement", "problem.en.md"), "# Sum\n\nPrint a + b.\n");
    foreach (var (dir, name, input, answer) in new[] { ("sample", "1", "1 2\n", "3\n"), ("secret", "01", "10 20\n", "30\n"), ("secret", "02", "-5 5\n", "0\n") })
    {
        Directory.CreateDirectory(Path.Combine(root, "data", dir));
        File.WriteAllText(Path.Combine(root, "data", dir, name + ".in"), input);
        File.WriteAllText(Path.Combine(root, "data", dir, name + ".ans"), answer);
    }
}

internal sealed record Settings(int Submissions, int Teams, int Listeners, int Workers, int TimeoutSeconds, bool Trivial, bool TwoInstances, bool TeamPages)
{
    /// <summary>Every listener a page of some team (several per team), so every one hears verdicts.</summary>
    public bool AllTeamPages => TeamPages || TwoInstances;

    public static Settings Parse(string[] args)
    {
        int Get(string name, int fallback, int max)
        {
            var at = Array.IndexOf(args, "--" + name);
            var value = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
            return Math.Clamp(value, 1, max); // bounded: a shared machine
        }
        return new Settings(Get("submissions", 100, 2000), Get("teams", 25, 500), Get("listeners", 200, 2000), Get("workers", 2, 16), Get("timeout", 300, 1800),
            args.Contains("--trivial"), args.Contains("--two-instances"), args.Contains("--team-pages"));
    }
}

internal static class Solutions
{
    public static readonly (string Verdict, string Source) Right = ("AC", "a, b = map(int, input().split())\nprint(a + b)\n");

    /// <summary>Mostly right answers, some wrong, a few crashes and rare time-outs (each costs a 3 s wall-clock backstop).</summary>
    public static (string Verdict, string Source) Pick(int i) => (i % 50) switch
    {
        7 => ("TLE", "while True:\n    pass\n"),
        3 or 13 or 23 or 33 or 43 => ("WA", "a, b = map(int, input().split())\nprint(a + b + 1)\n"),
        5 or 25 or 45 => ("RTE", "a, b = map(int, input().split())\nprint(a // 0)\n"),
        _ => ("AC", "a, b = map(int, input().split())\nprint(a + b)\n"),
    };
}

internal sealed record Registered(Guid Id, string Token);

internal sealed record Accepted(Guid Id);

internal sealed record Heard(Guid SubmissionId, Apug.Server.Judging.Verdict Verdict, string? Message, TimeSpan HeardAt, DateTimeOffset JudgedAt,
    DateTimeOffset ReceivedAt);

/// <summary>One page on /hubs/contest: follows the board (snapshot + deltas, resync on a gap) and hears its team's verdicts.</summary>
internal sealed class Listener : IAsyncDisposable
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static TimeSpan Now => Clock.Elapsed;
    private readonly HubConnection connection;
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Row> rows = [];
    private readonly List<Heard> judged = [];
    private long events;

    public Listener(Uri server, string? token)
    {
        connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, ContestHub.Path), options =>
            {
                if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        connection.On<LeaderboardSnapshot>(nameof(IContestClient.Leaderboard), snapshot =>
        {
            lock (gate)
            {
                events++;
                rows.Clear();
                foreach (var row in snapshot.Rows) rows[row.TeamId] = row;
                Version = snapshot.Version;
            }
        });
        connection.On<LeaderboardDelta>(nameof(IContestClient.LeaderboardChanged), async delta =>
        {
            bool gap;
            lock (gate)
            {
                events++;
                Deltas++;
                gap = delta.PreviousVersion != Version;
                if (!gap)
                {
                    foreach (var row in delta.Rows) rows[row.TeamId] = row;
                    Version = delta.Version;
                }
                else Gaps++;
            }
            if (gap) await connection.InvokeAsync("RequestSnapshot");
        });
        connection.On<SubmissionJudgedView>(nameof(IContestClient.SubmissionJudged), submission =>
        {
            lock (gate)
            {
                events++;
                judged.Add(new Heard(submission.SubmissionId, submission.Verdict, submission.Message, Clock.Elapsed, submission.JudgedAt,
                    DateTimeOffset.UtcNow));
            }
        });
        connection.On<ContestStateView>(nameof(IContestClient.ContestState), _ => Interlocked.Increment(ref events));
        connection.On<SubmissionQueuedView>(nameof(IContestClient.SubmissionQueued), _ => Interlocked.Increment(ref events));
        connection.On<TestFinishedView>(nameof(IContestClient.TestFinished), _ => Interlocked.Increment(ref events));
        connection.On<FirstSolve>(nameof(IContestClient.FirstToSolve), _ => Interlocked.Increment(ref events));
    }

    public long Version { get; private set; } = -1;

    /// <summary>Which server instance it is connected to (0 with one).</summary>
    public int Instance { get; init; }

    public int Deltas { get; private set; }
    public int Gaps { get; private set; }
    public long Events => Interlocked.Read(ref events);
    public HubConnectionState State => connection.State;

    public int JudgedCount
    {
        get { lock (gate) return judged.Count; }
    }

    public IReadOnlyList<Heard> Judged
    {
        get { lock (gate) return judged.ToList(); }
    }

    public Dictionary<Guid, (int Solved, int Attempts)> Solved()
    {
        lock (gate) return rows.ToDictionary(r => r.Key, r => (r.Value.Solved, r.Value.Cells.Sum(c => c.Attempts)));
    }

    public Task StartAsync(CancellationToken cancellationToken) => connection.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
