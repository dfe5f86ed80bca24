using System.Security.Cryptography;
using System.Text;
using Apug.Server.Data;

namespace Apug.Server.Sandbox;

/// <summary>
/// Labels this server's containers. Derived from the database file, so a restarted server recognises its own
/// leftovers while another server (or a parallel test) on the same engine keeps its containers.
/// </summary>
public sealed class SandboxOwner(Database database)
{
    public string Id { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database.FilePath)))[..16];
}
