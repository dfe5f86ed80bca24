namespace Apug.Tests.Challenges;

/// <summary>A scratch folder for packages built inside a test; deleted afterwards.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        FullPath = Path.Combine(Path.GetTempPath(), "apug-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string Combine(string relative) => Path.Combine(FullPath, relative);

    public TemporaryFolder Write(string relative, string content)
    {
        string path = Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Copies a folder (recursively, including dot files) to a path inside this one.</summary>
    public string CopyFolder(string source, string relativeTarget)
    {
        string target = Combine(relativeTarget);
        foreach (string file in Directory.GetFiles(source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>Writes a small valid 2025-09 package; the caller then overwrites or adds files to break it.</summary>
    public TemporaryFolder WriteMinimalPackage(string relative = "")
    {
        string at(string file) => Path.Combine(relative, file);
        return Write(at("problem.yaml"), "problem_format_version: 2025-09\nname: Minimal\n")
            .Write(at("statement/problem.en.md"), "Echo the number.\n")
            .Write(at("data/sample/1.in"), "1\n").Write(at("data/sample/1.ans"), "1\n")
            .Write(at("data/secret/1.in"), "2\n").Write(at("data/secret/1.ans"), "2\n");
    }

    public void Dispose()
    {
        try { Directory.Delete(FullPath, recursive: true); }
        catch (IOException) { } // a leftover temp folder is harmless
    }
}
