using System.Diagnostics;
using System.Net.Http.Json;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Hostile;

/// <summary>
/// Judges every hostile solution in Hostile/Corpus end to end (HTTP → queue → real container → verdict), all queued
/// at once, then checks that the judge is unharmed. Each file's header says the verdict(s) it must get.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class HostileCorpusTests(HostileCorpusTests.Judged judged) : IClassFixture<HostileCorpusTests.Judged>
{
    public const string Challenge = "sum";
    public const string Sum = "a, b = map(int, input().split())\nprint(a + b)\n";

    public static string CorpusPath { get; } = Path.Combine(TestPaths.RepoRoot, "tests", "Apug.Tests", "Hostile", "Corpus");

    public static TheoryData<string> Corpus() => [.. Directory.EnumerateFiles(CorpusPath, "*.py").Select(Path.GetFileName).OfType<string>().Order()];

    /// <summary>The verdicts a file's "# expect:" header allows.</summary>
    public static Verdict[] Expected(string source) =>
        source.Split('\n').First(l => l.StartsWith("# expect:", StringComparison.Ordinal))["# expect:".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Verdict>).ToArray();

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task AHostileSolutionGetsTheVerdictItsHeaderStates(string file)
    {
        var source = await File.ReadAllTextAsync(Path.Combine(CorpusPath, file));
        var result = judged.Results[file];
        Assert.True(Expected(source).Contains(result.Verdict ?? Verdict.JE), $"{file}: expected {string.Join(" or ", Expected(source))}, got {Describe(result)}");
        Assert.Equal("judged", result.Status);
    }

    [Fact]
    public void ASourceJustUnderTheSizeLimitIsJudgedNormally()
    {
        var result = judged.Results[Judged.LargeSource];
        Assert.True(result.Verdict == Verdict.AC, Describe(result));
    }

    [Fact]
    public async Task AfterTheWholeCorpusTheJudgeStillWorksLeavesNoContainerAndKeepsItsMemory()
    {
        var team = await judged.Factory.CreateTeamClientAsync();
        var normal = await judged.Factory.SubmitAndWaitAsync(team, Challenge, Sum);
        Assert.True(normal.Verdict == Verdict.AC, Describe(normal));
        Assert.Equal(3, normal.Tests.Length);

        // Only the warm pool is left, every container idle (none stuck serving a hostile program) and no more than its size.
        var pool = judged.Factory.Services.GetRequiredService<ISandbox>().PoolStatus;
        Assert.All(pool, p => Assert.Equal(0, p.Busy));
        // Containers beyond the pool's size are removed in the background: give that a moment.
        var settled = DateTime.UtcNow.AddSeconds(30);
        IList<ContainerListResponse> containers;
        while ((containers = await judged.OwnContainersAsync()).Count > pool.Sum(p => p.Idle + p.Starting) && DateTime.UtcNow < settled)
        {
            await Task.Delay(200);
            pool = judged.Factory.Services.GetRequiredService<ISandbox>().PoolStatus;
        }
        Assert.All(containers, c => Assert.True(c.Labels.ContainsKey(SandboxPool.PoolLabel), $"{c.ID[..12]} is not a pool container"));
        Assert.InRange(containers.Count, 0, pool.Sum(p => p.Idle + p.Starting));

        // Generous bounds: the point is "did not balloon" (e.g. by keeping every flood's output), not a benchmark.
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - judged.HeapBefore;
        Assert.True(heapGrowth < 150L << 20, $"the managed heap grew by {heapGrowth >> 20} MiB over the corpus");
        using var process = Process.GetCurrentProcess();
        var workingSetGrowth = process.WorkingSet64 - judged.WorkingSetBefore;
        Assert.True(workingSetGrowth < 600L << 20, $"the working set grew by {workingSetGrowth >> 20} MiB over the corpus");
    }

    private static string Describe(SubmissionDto s) =>
        $"{s.Status} {s.Verdict} '{s.Message}'; tests: " + string.Join("; ", s.Tests.Select(t =>
            $"{t.Name} {t.Verdict} '{t.Message}'" + (t.Sample is { } sample ? $" output '{Cut(sample.Output)}' stderr '{Cut(sample.Stderr)}'" : "")));

    private static string Cut(string? text) => text is null ? "" : text.Length <= 400 ? text : text[..400] + "…";

    /// <summary>One server for the class: the whole corpus is submitted at once and judged before any test looks.</summary>
    public sealed class Judged : IAsyncLifetime
    {
        public const string LargeSource = "(a source just under 64 KiB)";
        private readonly string challenges = Directory.CreateTempSubdirectory("apug-hostile-").FullName;

        public ApugFactory Factory { get; }
        public Dictionary<string, SubmissionDto> Results { get; } = [];
        public long HeapBefore { get; private set; }
        public long WorkingSetBefore { get; private set; }

        public Judged()
        {
            // Distinctive answers: search_for_answers.py looks for them anywhere in its container.
            new PackageBuilder(challenges, Challenge)
                .Sample("1", "1 2\n", "3\n")
                .Secret("01", "123456789 987654321\n", "1111111110\n")
                .Secret("02", "31337 0\n", "31337\n")
                .Limits(timeLimitSeconds: 1, memoryMiB: 64, outputMiB: 1)
                .Build();
            Factory = new ApugFactory(challenges);
        }

        public async Task InitializeAsync()
        {
            await RequireEngineAsync();
            var warmUp = await Factory.SubmitAndWaitAsync(await Factory.CreateTeamClientAsync(), Challenge, Sum);
            Assert.Equal(Verdict.AC, warmUp.Verdict);
            HeapBefore = GC.GetTotalMemory(forceFullCollection: true);
            using (var process = Process.GetCurrentProcess()) WorkingSetBefore = process.WorkingSet64;

            var sources = Directory.EnumerateFiles(CorpusPath, "*.py").ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
            sources[LargeSource] = new string('#', 63 * 1024) + "\n" + Sum;
            // Everything at once, one team each: the queue and both workers get the whole corpus together.
            var pending = sources.Select(async entry =>
            {
                var team = await Factory.CreateTeamClientAsync();
                return (entry.Key, await Factory.SubmitAndWaitAsync(team, Challenge, entry.Value, TimeSpan.FromMinutes(4)));
            });
            foreach (var (name, result) in await Task.WhenAll(pending)) Results[name] = result;
        }

        public async Task<IList<ContainerListResponse>> OwnContainersAsync() =>
            await Factory.Services.GetRequiredService<SandboxEngines>().All[0].Docker.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool>
                    {
                        [$"{DockerSandbox.OwnerLabel}={Factory.Services.GetRequiredService<SandboxOwner>().Id}"] = true,
                    },
                },
            });

        private async Task RequireEngineAsync()
        {
            await using var host = new SandboxHost();
            await host.RequireEngineAsync();
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            Factory.DeleteData();
            Directory.Delete(challenges, recursive: true);
            return Task.CompletedTask;
        }
    }
}
