using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Dapper;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Sandbox;

/// <summary>Apug:Sandbox:Engines against a real second dockerd on this machine, beside the machine's own engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class SeveralEnginesTests : IDisposable, IClassFixture<SeveralEnginesTests.SharedEngine>
{
    /// <summary>One second engine for the class (unix and TLS, with the image): starting one and loading the image costs ~15 s here.
    /// A test that kills it starts it again; one that removes its image leaves it copied back.</summary>
    public sealed class SharedEngine : IAsyncLifetime
    {
        public SecondEngine Engine { get; private set; } = null!;

        public async Task InitializeAsync() => Engine = await SecondEngine.StartAsync(tls: true);

        public async Task DisposeAsync() => await Engine.DisposeAsync();
    }

    private const string Local = "unix:///var/run/docker.sock";
    private const string Sum = "a, b = map(int, input().split())\nprint(a + b)\n";
    private const string SlowSum = "import time\na, b = map(int, input().split())\ntime.sleep(0.5)\nprint(a + b)\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-engines-").FullName;

    private readonly SecondEngine shared;

    public SeveralEnginesTests(SharedEngine shared)
    {
        this.shared = shared.Engine;
        new PackageBuilder(challenges, "sum")
            .Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Secret("02", "-5 5\n", "0\n")
            .Limits(timeLimitSeconds: 2, memoryMiB: 64)
            .Build();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(challenges, recursive: true);
    }

    private sealed record PoolDto(string Image, int Idle, int Busy, int Starting, int Target);

    private sealed record EngineDto(string Endpoint, bool Reachable, string? Error, int Workers, int Running, long Programs, long Moved, long Repeated, PoolDto[] Pools);

    private sealed record HealthDto(string Status, string Docker, PoolDto[] Sandboxes, EngineDto[] Engines);

    private static Dictionary<string, string?> Engines(params (string Endpoint, int Workers)[] engines)
    {
        var settings = new Dictionary<string, string?> { ["Apug:Workers"] = "0" };
        for (var i = 0; i < engines.Length; i++)
        {
            settings[$"Apug:Sandbox:Engines:{i}:Endpoint"] = engines[i].Endpoint;
            settings[$"Apug:Sandbox:Engines:{i}:Workers"] = engines[i].Workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return settings;
    }

    private static async Task<List<Guid>> SubmitAsync(ApugFactory factory, int count, string source)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var team = await factory.CreateTeamClientAsync();
            var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "sum", source });
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id);
        }
        return ids;
    }

    /// <summary>Counts SubmissionJudged per submission from before the first submission on.</summary>
    private static (Dictionary<Guid, List<SubmissionJudged>> Judged, IDisposable Subscription) Listen(ApugFactory factory)
    {
        var judged = new Dictionary<Guid, List<SubmissionJudged>>();
        var subscription = factory.Events.Subscribe(e =>
        {
            if (e is not SubmissionJudged j) return;
            lock (judged)
            {
                if (!judged.TryGetValue(j.SubmissionId, out var list)) judged[j.SubmissionId] = list = [];
                list.Add(j);
            }
        });
        return (judged, subscription);
    }

    private static async Task WaitJudgedAsync(Dictionary<Guid, List<SubmissionJudged>> judged, IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (judged)
                if (ids.All(judged.ContainsKey)) return;
            Assert.True(DateTime.UtcNow < deadline, $"not all judged in {timeout.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Nothing left to judge and nothing running: a second judging of anything would have been published.</summary>
    private static async Task WaitIdleAsync(ApugFactory factory)
    {
        var engines = factory.Services.GetRequiredService<SandboxEngines>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
            var waiting = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE status <> 'judged' OR awaiting_engine <> 0");
            if (waiting == 0 && engines.All.All(e => e.Sessions == 0)) return;
            Assert.True(DateTime.UtcNow < deadline, "judging never went idle");
            await Task.Delay(50);
        }
    }

    /// <summary>Finding 2: an engine away leaves its share waiting; the engine that answers never runs more solutions
    /// than its Workers (here 1 of the judge's 2 workers), so no verdict depends on the other engine being away.</summary>
    [Fact]
    public async Task AnEngineAwayNeverOverCommitsTheOtherSolutionsWaitForAFreeSlot()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"apug-engine-{Guid.NewGuid():N}.sock");
        using var factory = new ApugFactory(challenges, settings: Engines((Local, 1), ($"unix://{missing}", 1)));
        var (judged, subscription) = Listen(factory);
        using var _ = subscription;
        var local = factory.Services.GetRequiredService<SandboxEngines>().All[0];

        var ids = await SubmitAsync(factory, 4, SlowSum);
        var most = 0;
        using var watching = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                most = Math.Max(most, local.Solutions);
                await Task.Delay(2);
            }
        });
        await WaitJudgedAsync(judged, ids, TimeSpan.FromMinutes(3));
        await watching.CancelAsync();
        await watch;

        lock (judged)
            Assert.All(ids, id => Assert.Equal(Verdict.AC, Assert.Single(judged[id]).Outcome.Verdict));
        Assert.Equal(1, most);
        Assert.Equal(4, local.Programs);
        factory.DeleteData();
    }

    /// <summary>Finding 1: a hung dockerd (accepts, never answers) surfaces as the client's timeout, not as a refused
    /// connection; the program still moves to the other engine and is judged there, no judge error.</summary>
    [Fact]
    public async Task AHungEngineIsLeftForTheOtherWithoutAJudgeError()
    {
        var second = shared;
        var settings = Engines((second.Endpoint, 1), (Local, 1));
        settings["Apug:Sandbox:ServerMarginSeconds"] = "1";
        using var factory = new ApugFactory(challenges, settings: settings);
        var engines = factory.Services.GetRequiredService<SandboxEngines>();
        var team = await factory.CreateTeamClientAsync();
        // Its warm container is ready first, so the program needs the engine's API only once that hangs.
        engines.All[0].Pool.Warm(SandboxImage.Python);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (engines.All[0].Pool.Status.Single(p => p.Image.Contains("python")).Idle == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second engine never had a warm container");
            await Task.Delay(50);
        }
        await second.FreezeAsync();
        try
        {
            var result = await factory.SubmitAndWaitAsync(team, "sum", Sum, TimeSpan.FromMinutes(3));

            Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} {result.Message}");
            Assert.Equal([false, true], engines.All.Select(e => e.Reachable));
            Assert.Equal(1L, engines.All[1].Programs);
        }
        finally
        {
            await second.ThawAsync();
        }
        factory.DeleteData();
    }

    /// <summary>Finding 1: an engine whose certificate is refused (AuthenticationException down the chain) is left for
    /// the other engine, no judge error.</summary>
    [Fact]
    public async Task AnEngineWhoseCertificateIsRefusedIsLeftForTheOther()
    {
        var settings = Engines(($"tcp://localhost:{shared.TcpPort}", 1), (Local, 1));
        settings["Apug:Sandbox:Engines:0:CaCertificate"] = shared.CaPath;
        settings["Apug:Sandbox:Engines:0:ClientCertificate"] = shared.CertPath;
        settings["Apug:Sandbox:Engines:0:ClientKey"] = shared.KeyPath;
        using var factory = new ApugFactory(challenges, settings: settings);
        var team = await factory.CreateTeamClientAsync();

        var result = await factory.SubmitAndWaitAsync(team, "sum", Sum, TimeSpan.FromMinutes(2));

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} {result.Message}");
        var engines = factory.Services.GetRequiredService<SandboxEngines>();
        Assert.False(engines.All[0].Reachable);
        Assert.Equal(1L, engines.All[1].Programs);
        factory.DeleteData();
    }

    /// <summary>Finding 7: an engine where the image is missing and cannot be had yet (tcp: not built there; no other
    /// engine has it to copy) is skipped for the program, not marked gone, and the program runs on the other engine,
    /// which can build it.</summary>
    [Fact]
    public async Task AnEngineWithoutAnImageItCannotGetIsSkippedNotAJudgeError()
    {
        var tag = $"apug-test-missing-{Guid.NewGuid():N}:1";
        // The local engine "builds" the image by tagging the real one (no runner.py here: any build counts as current).
        var images = Directory.CreateTempSubdirectory("apug-images-").FullName;
        Directory.CreateDirectory(Path.Combine(images, "python"));
        await File.WriteAllTextAsync(Path.Combine(images, "python", "build-offline.sh"), $"docker tag {new SandboxOptions().PythonImage} \"$1\"\n");
        try
        {
            var settings = Engines((shared.TcpEndpoint, 1), (Local, 1));
            settings["Apug:Sandbox:Engines:0:CaCertificate"] = shared.CaPath;
            settings["Apug:Sandbox:Engines:0:ClientCertificate"] = shared.CertPath;
            settings["Apug:Sandbox:Engines:0:ClientKey"] = shared.KeyPath;
            settings["Apug:Sandbox:PythonImage"] = tag;
            settings["Apug:Sandbox:ImagesPath"] = images;
            settings["Apug:Sandbox:WarmAtStart"] = "false";
            using var factory = new ApugFactory(challenges, settings: settings);
            var engines = factory.Services.GetRequiredService<SandboxEngines>();
            var sandbox = factory.Services.GetRequiredService<ISandbox>();
            await using (var session = await sandbox.StartAsync(
                SandboxPrograms.PythonSolution(Sum, "python3", new RunLimits(2000, 65536, 1024), 10_000), CancellationToken.None))
            {
                var report = await session.RunAsync(new SandboxRun("1", "1 2\n"u8.ToArray()), CancellationToken.None);
                Assert.Equal("3\n", System.Text.Encoding.UTF8.GetString(report.Stdout));
            }
            Assert.True(engines.All[0].Reachable, engines.All[0].Error);
            Assert.Equal(0L, engines.All[0].Moved);
            Assert.Equal(1L, engines.All[1].Programs);
            factory.DeleteData();
        }
        finally
        {
            Directory.Delete(images, recursive: true);
            using var local = new Docker.DotNet.DockerClientBuilder().WithEndpoint(new Uri(Local)).Build();
            try
            {
                await local.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
            }
            catch (Docker.DotNet.DockerImageNotFoundException)
            {
            }
            using var there = shared.CreateClient();
            try
            {
                await there.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
            }
            catch (Docker.DotNet.DockerImageNotFoundException)
            {
            }
        }
    }

    /// <summary>Finding 8: a built validator moved to another engine mid-session runs there as the binary built first,
    /// never built again (a build that differs, or fails, there would change every check).</summary>
    [Fact]
    public async Task ABuiltValidatorMovedToAnotherEngineKeepsItsFirstBuild()
    {
        var second = shared;
        try
        {
            using var factory = new ApugFactory(challenges, settings: Engines((second.Endpoint, 1), (Local, 1)));
            var sandbox = factory.Services.GetRequiredService<ISandbox>();
            var engines = factory.Services.GetRequiredService<SandboxEngines>();
            // A "build" whose output differs each time it is run: the moved program must print the first one's.
            var build = new SandboxProgram(SandboxImage.Validator, new Dictionary<string, byte[]>(), [],
                new SandboxCompile(["sh", "-c", "printf '#!/bin/sh\necho %s\n' \"$(date +%s%N)\" > /tmp/validator && chmod +x /tmp/validator"],
                    SandboxPrograms.ValidatorBinary, 10_000),
                ["/box/prog/validator"], new RunLimits(5000, 262144, 1024), Feedback: true);
            await using var session = await sandbox.StartAsync(build, CancellationToken.None);
            Assert.True(session.Compile is { ExitCode: 0 }, System.Text.Encoding.UTF8.GetString(session.Compile?.Stderr ?? []));
            Assert.NotNull(session.Artifact);
            var first = await session.RunAsync(new SandboxRun("1", []), CancellationToken.None);
            Assert.Equal((1, 1L), (engines.All[0].Sessions, engines.All[0].Programs));

            await second.KillAsync();
            var moved = await session.RunAsync(new SandboxRun("2", []), CancellationToken.None);

            Assert.Equal(1L, engines.All[0].Moved);
            Assert.Equal(1, engines.All[1].Sessions);
            Assert.NotEmpty(first.Stdout);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(first.Stdout), System.Text.Encoding.UTF8.GetString(moved.Stdout));
            factory.DeleteData();
        }
        finally
        {
            await second.RestartAsync();
        }
    }

    /// <summary>Finding 9: the warm container that died with a killed engine (and could not be removed while it was
    /// away) is swept once the engine answers again, and the pool is filled with a live one.</summary>
    [Fact]
    public async Task AnEngineThatComesBackHasWhatDiedWithItSweptAndItsPoolRefilled()
    {
        var second = shared;
        try
        {
            using var factory = new ApugFactory(challenges, settings: Engines((second.Endpoint, 1), (Local, 1)));
            var engine = factory.Services.GetRequiredService<SandboxEngines>().All[0];
            var owner = factory.Services.GetRequiredService<SandboxOwner>().Id;
            using var docker = second.CreateClient();
            async Task<IList<ContainerListResponse>> OursAsync() => await docker.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerSandbox.OwnerLabel}={owner}"] = true } },
            });
            async Task WaitAsync(Func<Task<bool>> done, string what)
            {
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (!await done())
                {
                    Assert.True(DateTime.UtcNow < deadline, what);
                    await Task.Delay(100);
                }
            }
            engine.Pool.Warm(SandboxImage.Python);
            await WaitAsync(() => Task.FromResult(engine.Pool.Status.Single(p => p.Image.Contains("python")).Idle == 1), "never warm");
            var before = (await OursAsync()).Select(c => c.ID).ToList();
            Assert.NotEmpty(before);

            await second.KillAsync();
            Assert.False(await engine.PingAsync(CancellationToken.None));
            await second.RestartAsync();
            Assert.True(await engine.PingAsync(CancellationToken.None));

            await WaitAsync(async () => (await OursAsync()).All(c => !before.Contains(c.ID)), "the dead warm container was never removed");
            await WaitAsync(async () => (await OursAsync()).Any(c => c.State == "running") && engine.Pool.Status.Single(p => p.Image.Contains("python")).Idle == 1,
                "the pool was never filled again");
            factory.DeleteData();
        }
        finally
        {
            await second.RestartAsync();
        }
    }

    [Fact]
    public async Task SubmissionsSpreadOverBothEnginesAndHealthAndMetricsShowEach()
    {
        var second = shared;
        using var factory = new ApugFactory(challenges, settings: Engines((Local, 1), (second.Endpoint, 1)));
        var (judged, subscription) = Listen(factory);
        using var _ = subscription;

        var ids = await SubmitAsync(factory, 8, SlowSum);
        await WaitJudgedAsync(judged, ids, TimeSpan.FromMinutes(3));

        lock (judged)
            Assert.All(ids, id => Assert.Equal(Verdict.AC, Assert.Single(judged[id]).Outcome.Verdict));
        var client = factory.CreateClient();
        var health = (await client.GetFromJsonAsync<HealthDto>("/api/health"))!;
        Assert.Equal(("ok", "ok"), (health.Status, health.Docker));
        Assert.Equal([Local, second.Endpoint], health.Engines.Select(e => e.Endpoint));
        Assert.All(health.Engines, e => Assert.True(e.Reachable && e.Error is null && e.Workers == 1 && e.Running == 0, e.ToString()));
        // Two workers, one per engine: each engine ran some of the eight (and only eight programs ran: no repeats).
        Assert.All(health.Engines, e => Assert.InRange(e.Programs, 1, 7));
        Assert.Equal(8, health.Engines.Sum(e => e.Programs));
        // Each engine has its own warm pool, sized by its workers; the overall pools are their sums.
        Assert.All(health.Engines, e => Assert.Equal(1, e.Pools.Single(p => p.Image.Contains("python")).Target));
        Assert.Equal(2, health.Sandboxes.Single(p => p.Image.Contains("python")).Target);

        var metrics = await client.GetStringAsync("/metrics");
        foreach (var endpoint in new[] { Local, second.Endpoint })
        {
            Assert.Matches($@"apug_sandbox_engine_up\{{[^}}]*engine=""{Regex.Escape(endpoint)}""[^}}]*\}} 1", metrics);
            Assert.Matches($@"apug_sandbox_engine_workers\{{[^}}]*engine=""{Regex.Escape(endpoint)}""[^}}]*\}} 1", metrics);
            Assert.Matches($@"apug_sandbox_engine_running\{{[^}}]*engine=""{Regex.Escape(endpoint)}""[^}}]*\}} 0", metrics);
            Assert.Matches($@"apug_sandbox_engine_programs_total\{{[^}}]*engine=""{Regex.Escape(endpoint)}""[^}}]*\}} [1-7]", metrics);
        }

        // The second engine holds this server's warm container(s), labelled as its own.
        using var docker = second.CreateClient();
        var owner = factory.Services.GetRequiredService<SandboxOwner>().Id;
        var there = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        Assert.Contains(there, c => c.Labels.TryGetValue(DockerSandbox.OwnerLabel, out var o) && o == owner);
        factory.DeleteData();
    }

    [Fact]
    public async Task StoppingAnEngineMidContestJudgesAllItsSubmissionsExactlyOnceOnTheOtherWithoutAJudgeError()
    {
        var second = shared;
        try
        {
            await KillMidContestAsync(second);
        }
        finally
        {
            await second.RestartAsync();
        }
    }

    private async Task KillMidContestAsync(SecondEngine second)
    {
        using var factory = new ApugFactory(challenges, settings: Engines((Local, 1), (second.Endpoint, 1)));
        var (judged, subscription) = Listen(factory);
        using var _ = subscription;
        var engines = factory.Services.GetRequiredService<SandboxEngines>();

        var ids = await SubmitAsync(factory, 8, SlowSum);
        // Kill the second engine as soon as a run of its second program has started: the run sleeps 0.5 s, so it is
        // interrupted (and a kill between two runs of the program would move it just the same).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (engines.All[1].Runs == 0 || engines.All[1].Programs < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second engine never ran a test");
            await Task.Delay(5);
        }
        await second.KillAsync();

        await WaitJudgedAsync(judged, ids, TimeSpan.FromMinutes(3));
        await WaitIdleAsync(factory);
        lock (judged)
        {
            Assert.Equal(ids.Order(), judged.Keys.Order());
            Assert.All(ids, id => Assert.Equal(Verdict.AC, Assert.Single(judged[id]).Outcome.Verdict));
        }
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        var rows = (await connection.QueryAsync<(string Status, string Verdict, long Tests, long Awaiting)>("""
            SELECT s.status, s.verdict, (SELECT COUNT(*) FROM test_results t WHERE t.submission_id = s.id), s.awaiting_engine FROM submissions s
            """)).ToList();
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal(("judged", "AC", 3L, 0L), r));

        var health = (await factory.CreateClient().GetFromJsonAsync<HealthDto>("/api/health"))!;
        Assert.Equal("degraded", health.Status);
        Assert.StartsWith("1 of 2 engines unreachable", health.Docker);
        Assert.Equal([true, false], health.Engines.Select(e => e.Reachable));
        Assert.NotNull(health.Engines[1].Error);
        // The first engine took over: the interrupted program moved there and its interrupted test ran again, once.
        Assert.Equal((1L, 1L), (health.Engines[1].Moved, health.Engines[1].Repeated));
        Assert.Equal((0L, 0L), (health.Engines[0].Moved, health.Engines[0].Repeated));
        Assert.Equal(9, health.Engines.Sum(e => e.Programs));
        factory.DeleteData();
    }

    [Fact]
    public async Task WhenNoEngineAnswersTheJudgeErrorSaysSoAndTheRealVerdictFollowsOnceOneIsBack()
    {
        // Two engines, neither listening yet (never the machine's real dockerd, which others share).
        var first = Path.Combine(Path.GetTempPath(), $"apug-engine-{Guid.NewGuid():N}.sock");
        var second = Path.Combine(Path.GetTempPath(), $"apug-engine-{Guid.NewGuid():N}.sock");
        var settings = Engines(($"unix://{first}", 1), ($"unix://{second}", 1));
        settings["Apug:EngineRetrySeconds"] = "1";
        using var factory = new ApugFactory(challenges, settings: settings);
        var (judged, subscription) = Listen(factory);
        using var _ = subscription;
        var team = await factory.CreateTeamClientAsync();

        var failed = await factory.SubmitAndWaitAsync(team, "sum", Sum);
        Assert.Equal((Verdict.JE, EngineRetry.Message), (failed.Verdict, failed.Message));

        // The second one comes back: the submission is judged there, once more and only once.
        await using (new UnixSocketProxy(second, "/var/run/docker.sock"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (true)
            {
                lock (judged)
                    if (judged[failed.Id].Count == 2) break;
                Assert.True(DateTime.UtcNow < deadline, "not judged again once an engine was back");
                await Task.Delay(100);
            }
            var again = await ApugFactory.GetSubmissionAsync(team, failed.Id);
            Assert.True(again.Verdict == Verdict.AC, $"{again.Verdict} {again.Message}");
            var engines = factory.Services.GetRequiredService<SandboxEngines>();
            Assert.Equal([false, true], engines.All.Select(e => e.Reachable));
            await WaitIdleAsync(factory);
            lock (judged) Assert.Equal([Verdict.JE, Verdict.AC], judged[failed.Id].Select(j => j.Outcome.Verdict));
            // While the engine is still there: the server removes its warm pool through it.
            factory.Dispose();
        }
        factory.DeleteData();
    }

    [Fact]
    public async Task AnEngineWithoutTheImageGetsItCopiedOnFirstUse()
    {
        var second = shared;
        using var docker = second.CreateClient();
        // Our own engine's copy: without it the engine is as fresh as a new one for the sandbox.
        // (Every image: another test of this class may have copied the validator's image here too.)
        foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters { All = true }))
            await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
        Assert.Empty(await docker.Images.ListImagesAsync(new ImagesListParameters { All = true }));
        // The fresh engine first: the one submission goes there (equally loaded engines fill in the configured order).
        using var factory = new ApugFactory(challenges, settings: Engines((second.Endpoint, 1), (Local, 1)));
        var team = await factory.CreateTeamClientAsync();

        var result = await factory.SubmitAndWaitAsync(team, "sum", Sum, TimeSpan.FromMinutes(3));

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} {result.Message}");
        var engines = factory.Services.GetRequiredService<SandboxEngines>();
        Assert.Equal([1L, 0L], engines.All.Select(e => e.Programs));
        var copied = await docker.Images.InspectImageAsync(new SandboxOptions().PythonImage);
        using var local = new Docker.DotNet.DockerClientBuilder().WithEndpoint(new Uri(Local)).Build();
        var original = await local.Images.InspectImageAsync(new SandboxOptions().PythonImage);
        Assert.Equal(original.ID, copied.ID); // the same bytes, not a rebuild
        factory.DeleteData();
    }

    [Fact]
    public async Task AnEngineOverTcpWithTlsClientCertificatesJudgesAndShowsWithoutSecrets()
    {
        var second = shared;
        using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>
        {
            ["Apug:Workers"] = "0",
            ["Apug:Sandbox:Engines:0:Endpoint"] = second.TcpEndpoint,
            ["Apug:Sandbox:Engines:0:Workers"] = "2",
            ["Apug:Sandbox:Engines:0:CaCertificate"] = second.CaPath,
            ["Apug:Sandbox:Engines:0:ClientCertificate"] = second.CertPath,
            ["Apug:Sandbox:Engines:0:ClientKey"] = second.KeyPath,
        });
        var team = await factory.CreateTeamClientAsync();

        var result = await factory.SubmitAndWaitAsync(team, "sum", Sum, TimeSpan.FromMinutes(2));

        Assert.True(result.Verdict == Verdict.AC, $"{result.Verdict} {result.Message}");
        var text = await factory.CreateClient().GetStringAsync("/api/health");
        var health = System.Text.Json.JsonSerializer.Deserialize<HealthDto>(text, Json.Options)!;
        Assert.Equal("ok", health.Docker);
        var engine = Assert.Single(health.Engines);
        Assert.Equal((second.TcpEndpoint, true, 2, 1L), (engine.Endpoint, engine.Reachable, engine.Workers, engine.Programs));
        Assert.DoesNotContain(".pem", text);
        factory.DeleteData();
    }

    [Fact]
    public async Task AnEngineOverTcpRefusesAJudgeWithoutItsClientCertificate()
    {
        var second = shared;
        // The engine's own CA, but a client certificate it never signed: the TLS handshake fails, the engine is unreachable.
        var other = Directory.CreateTempSubdirectory("apug-othercert-").FullName;
        try
        {
            await RunAsync($"cd '{other}' && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=stranger' -keyout key.pem -out cert.pem 2>/dev/null");
            using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>
            {
                ["Apug:Workers"] = "0",
                ["Apug:Sandbox:Engines:0:Endpoint"] = second.TcpEndpoint,
                ["Apug:Sandbox:Engines:0:Workers"] = "1",
                ["Apug:Sandbox:Engines:0:CaCertificate"] = second.CaPath,
                ["Apug:Sandbox:Engines:0:ClientCertificate"] = Path.Combine(other, "cert.pem"),
                ["Apug:Sandbox:Engines:0:ClientKey"] = Path.Combine(other, "key.pem"),
            });
            var health = (await factory.CreateClient().GetFromJsonAsync<HealthDto>("/api/health"))!;
            Assert.StartsWith("unreachable: ", health.Docker);
            Assert.Contains("Authentication failed", health.Docker); // the TLS handshake, not a missing engine
            Assert.False(Assert.Single(health.Engines).Reachable);
            factory.DeleteData();
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task AnEngineOverTcpWhoseCertificateNamesAnotherHostIsRefused()
    {
        // The engine's certificate names 127.0.0.1 only: reached as "localhost" it could be any machine's.
        using var factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>
        {
            ["Apug:Workers"] = "0",
            ["Apug:Sandbox:Engines:0:Endpoint"] = $"tcp://localhost:{shared.TcpPort}",
            ["Apug:Sandbox:Engines:0:Workers"] = "1",
            ["Apug:Sandbox:Engines:0:CaCertificate"] = shared.CaPath,
            ["Apug:Sandbox:Engines:0:ClientCertificate"] = shared.CertPath,
            ["Apug:Sandbox:Engines:0:ClientKey"] = shared.KeyPath,
        });
        var health = (await factory.CreateClient().GetFromJsonAsync<HealthDto>("/api/health"))!;
        Assert.StartsWith("unreachable: ", health.Docker);
        Assert.Contains("the engine's certificate (CN=127.0.0.1) does not name localhost", health.Docker);
        Assert.False(Assert.Single(health.Engines).Reachable);
        factory.DeleteData();
    }

    private static async Task RunAsync(string script)
    {
        using var process = System.Diagnostics.Process.Start("bash", ["-c", script]);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
