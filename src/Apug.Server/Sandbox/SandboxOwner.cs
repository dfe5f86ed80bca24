using System.Security.Cryptography;
using System.Text;
using Apug.Server.Data;

namespace Apug.Server.Sandbox;

/// <summary>
/// Labels this server's containers, so a restarted server recognises its own leftovers while another server (or a
/// parallel test) on the same engine keeps its containers. SQLite: derived from the database file (one server per
/// file). PostgreSQL: the database path is no name (instances on different machines may all use the default one):
/// from the configured Apug:InstanceId, which no two running instances share (ScaleOut/InstanceRegistry), else from
/// the machine's name and the database path.
/// </summary>
public sealed class SandboxOwner(Database database, InstanceIdentity instance)
{
    public string Id { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        !database.IsPostgres ? database.FilePath
        : instance.Configured ? "instance:" + instance.Id
        : $"machine:{Environment.MachineName}:{database.FilePath}")))[..16];
}
