using Microsoft.Extensions.Options;

namespace Apug.Server.Data;

public sealed class InstanceOptions
{
    /// <summary>
    /// Apug:InstanceId: this server's name in the claims it takes, its SignalR group and (PostgreSQL) its containers'
    /// owner label. Unset: the machine's name plus a random suffix, new at every start, so a restarted instance never
    /// mistakes a live one's claims for its own. Set a stable one per instance to have its own interrupted submissions
    /// back at once after a restart instead of after their lease. On PostgreSQL no two running instances may have one
    /// id (ScaleOut/InstanceRegistry refuses the second).
    /// </summary>
    public string? InstanceId { get; set; }
}

/// <summary>Who this server instance is, in the submissions it claims and in its own SignalR group.</summary>
public sealed class InstanceIdentity(IOptions<InstanceOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Environment.MachineName}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}"
        : options.Value.InstanceId.Trim();

    /// <summary>Whether the id was configured (Apug:InstanceId), so the same at every start.</summary>
    public bool Configured { get; } = !string.IsNullOrWhiteSpace(options.Value.InstanceId);
}
