using Apug.Server.Challenges;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Apug.Tests.Challenges;

public class ChallengeCatalogTests
{
    private static ChallengeCatalog Catalog(string path) =>
        new(Options.Create(new ChallengesOptions { ChallengesPath = path }), NullLogger<ChallengeCatalog>.Instance);

    [Fact]
    public void OneBrokenPackageDoesNotStopTheOthers()
    {
        using var folder = new TemporaryFolder();
        folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "scoring-groups"), "scoring-groups");
        folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "broken", "bad-yaml"), "bad-yaml");
        folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "python-validator"), "python-validator");
        folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "broken", "unsupported-validator"), "unsupported-validator");

        var catalog = Catalog(folder.FullPath);

        Assert.Equal(["python-validator", "scoring-groups"], catalog.All.Select(p => p.Id));
        Assert.Equal(["bad-yaml", "unsupported-validator"], catalog.Broken.Select(b => b.Id));
        Assert.Equal("problem.yaml", catalog.Broken[0].Errors.Single().File);
        Assert.Equal(folder.Combine("unsupported-validator"), catalog.Broken[1].Directory);
        Assert.Same(catalog.All[1], catalog.Find("scoring-groups"));
        Assert.Null(catalog.Find("bad-yaml"));
    }

    [Fact]
    public void OnlyFoldersWithProblemYamlOrDataAreScannedAndDotFoldersAreSkipped()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("only-yaml").WriteMinimalPackage(".hidden").WriteMinimalPackage("only-data")
            .Write("notes/readme.txt", "not a package\n")
            .Write("contest.yaml", "name: Meetup\n");
        File.Delete(folder.Combine("only-data/problem.yaml"));
        Directory.Delete(folder.Combine("only-yaml/data"), recursive: true);

        var catalog = Catalog(folder.FullPath);

        // A package without data/ is listed (its submissions are refused); one without problem.yaml is not.
        Assert.Equal(["only-yaml"], catalog.All.Select(p => p.Id));
        Assert.Equal(PackageLoader.NoTestData, catalog.All[0].NotJudgedReason);
        Assert.Equal(["only-data"], catalog.Broken.Select(b => b.Id));
    }

    [Fact]
    public void BundledChallengesAllLoad()
    {
        var catalog = Catalog(TestPaths.BundledChallenges);
        Assert.Empty(catalog.Broken);
        Assert.Equal(["hello-pug", "pair-programming-pugs", "pizza-slices", "seagull-snatch", "sticker-swap"], catalog.All.Select(p => p.Id));
    }

    [Fact]
    public void MissingChallengesFolderGivesAnEmptyCatalog()
    {
        var catalog = Catalog(Path.Combine(Path.GetTempPath(), "apug-tests", "does-not-exist-" + Guid.NewGuid()));
        Assert.Empty(catalog.All);
        Assert.Empty(catalog.Broken);
    }

    [Fact]
    public void ReloadPicksUpChangesAndKeepsTheOldSnapshotIntact()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("first").WriteMinimalPackage("gone");
        var catalog = Catalog(folder.FullPath);
        var before = catalog.Current;

        folder.WriteMinimalPackage("second").Write("first/problem.yaml", "name: [broken\n");
        Directory.Delete(folder.Combine("gone"), recursive: true);
        var after = catalog.Reload();

        Assert.Equal(["first", "gone"], before.All.Select(p => p.Id));
        Assert.Empty(before.Broken);
        // A broken edit keeps the last good version live and is reported; a deleted folder is gone.
        Assert.Equal(["first", "second"], after.All.Select(p => p.Id));
        Assert.Same(before.Find("first"), after.Find("first"));
        var broken = Assert.Single(after.Broken);
        Assert.Equal(("first", before.Find("first")!.ContentHash), (broken.Id, broken.LiveVersionHash));
        Assert.Same(after, catalog.Current);

        folder.Write("first/problem.yaml", "name: Fixed\n");
        var fixedAgain = catalog.Reload();
        Assert.Empty(fixedAgain.Broken);
        Assert.Equal("Fixed", fixedAgain.Find("first")!.Name);
    }

    [Fact]
    public void APackageThatNeverLoadedIsNotLiveWhenBroken()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("p").Write("p/problem.yaml", "name: [broken\n");
        var catalog = Catalog(folder.FullPath);
        catalog.Reload();
        Assert.Empty(catalog.All);
        Assert.Null(Assert.Single(catalog.Broken).LiveVersionHash);
    }

    [Fact]
    public void ConfiguredDefaultLimitsAreApplied()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("p");
        var options = new ChallengesOptions { ChallengesPath = folder.FullPath, DefaultTimeLimitSeconds = 3.5, DefaultMemoryMiB = 512, DefaultOutputMiB = 2 };
        var catalog = new ChallengeCatalog(Options.Create(options), NullLogger<ChallengeCatalog>.Instance);
        Assert.Equal(new ChallengeLimits(TimeSpan.FromSeconds(3.5), TimeLimitSource.Default, 512, 2, null), catalog.Find("p")!.Limits);
    }

    [Fact]
    public void RelativeChallengesPathResolvesAgainstTheCurrentDirectory()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("p");
        var catalog = Catalog(Path.GetRelativePath(Environment.CurrentDirectory, folder.FullPath));
        Assert.Equal(folder.FullPath, catalog.ChallengesDirectory);
        Assert.NotNull(catalog.Find("p"));
    }

    [Fact]
    public void AddChallengesBindsTheApugSectionAndRegistersASingleton()
    {
        using var folder = new TemporaryFolder();
        folder.WriteMinimalPackage("p");
        using var services = Services(new() { ["Apug:ChallengesPath"] = folder.FullPath, ["Apug:DefaultMemoryMiB"] = "300" });

        var catalog = services.GetRequiredService<ChallengeCatalog>();
        Assert.Same(catalog, services.GetRequiredService<ChallengeCatalog>());
        Assert.Equal(300, catalog.Find("p")!.Limits.MemoryMiB);
    }

    [Fact]
    public void OptionsHaveTheDocumentedDefaults()
    {
        using var services = Services([]);
        var options = services.GetRequiredService<IOptions<ChallengesOptions>>().Value;
        Assert.Equal(("challenges", 2.0, 2048, 8), (options.ChallengesPath, options.DefaultTimeLimitSeconds, options.DefaultMemoryMiB, options.DefaultOutputMiB));
    }

    [Theory]
    [InlineData("Apug:DefaultTimeLimitSeconds", "0")]
    [InlineData("Apug:DefaultMemoryMiB", "1")]
    [InlineData("Apug:DefaultOutputMiB", "100000")]
    [InlineData("Apug:ChallengesPath", "")]
    public void OutOfRangeOptionsAreRejected(string key, string value)
    {
        using var services = Services(new() { [key] = value });
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ChallengesOptions>>().Value);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddChallenges()
            .BuildServiceProvider();
    }
}
