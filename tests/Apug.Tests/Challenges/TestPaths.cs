namespace Apug.Tests;

/// <summary>
/// Finds the repository from the test binaries (walking up to the folder with Apug.sln), so tests read fixture
/// packages and the bundled challenges in place instead of relying on copies in the output folder.
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>tests/Apug.Tests/TestPackages: fixture packages, with broken ones under broken/.</summary>
    public static string TestPackages { get; } = Path.Combine(RepoRoot, "tests", "Apug.Tests", "TestPackages");

    /// <summary>The repository's challenges/ folder.</summary>
    public static string BundledChallenges { get; } = Path.Combine(RepoRoot, "challenges");

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Apug.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No folder containing Apug.sln above {AppContext.BaseDirectory}");
    }
}
