namespace Apug.Server.Challenges;

/// <summary>File-system helpers shared by the package readers.</summary>
internal static class PackageFiles
{
    // The spec: files and folders starting with '.' or '-' are treated as if they were not there.
    public static bool IsIgnored(string name) => name.StartsWith('.') || name.StartsWith('-');

    public static string Relative(string packageRoot, string path) =>
        Path.GetRelativePath(packageRoot, path).Replace('\\', '/');

    public static IReadOnlyList<string> Directories(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Where(d => !IsIgnored(Path.GetFileName(d))).Order(StringComparer.Ordinal).ToList()
            : [];

    // Dangling symbolic links are left out (a package copied out of its tool's repository may have some).
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory).Where(f => !IsIgnored(Path.GetFileName(f)) && !IsDanglingLink(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    // Opened, not resolved by path: the kernel follows a relative link from where the folder really is.
    private static bool IsDanglingLink(string path)
    {
        if (new FileInfo(path).LinkTarget is null) return false;
        try
        {
            using var handle = File.OpenHandle(path);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Every non-ignored file below a folder, ordered by relative path.</summary>
    public static IReadOnlyList<string> FilesRecursively(string directory) =>
        Files(directory).Concat(Directories(directory).SelectMany(FilesRecursively))
            .Order(StringComparer.Ordinal).ToList();
}
