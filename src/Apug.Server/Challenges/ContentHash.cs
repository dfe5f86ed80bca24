using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Apug.Server.Challenges;

/// <summary>
/// SHA-256 over every file of a package, so any edit, addition, removal or rename changes it. Files are taken in
/// ordinal order of their relative path ('/'-separated); each contributes path, NUL, its length (8 bytes, little
/// endian, so one file's bytes cannot pass for the next file's path) and its bytes. Ignored names (starting with '.'
/// or '-') are left out, except the root .timelimit, which the judge reads.
/// </summary>
public static class ContentHash
{
    public static string Compute(string packageRoot)
    {
        var files = PackageFiles.FilesRecursively(packageRoot).ToList();
        string timelimit = Path.Combine(packageRoot, ".timelimit");
        if (File.Exists(timelimit)) files.Add(timelimit);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[9];
        var buffer = new byte[81920];
        foreach (var (relative, path) in files.Select(f => (PackageFiles.Relative(packageRoot, f), f)).OrderBy(f => f.Item1, StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(path);
            hash.AppendData(Encoding.UTF8.GetBytes(relative));
            header[0] = 0;
            BinaryPrimitives.WriteInt64LittleEndian(header[1..], stream.Length);
            hash.AppendData(header);
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer.AsSpan(0, read));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
