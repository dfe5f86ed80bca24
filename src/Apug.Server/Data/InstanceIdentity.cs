using Microsoft.Extensions.Options;

namespace Apug.Server.Data;

public sealed class InstanceOptions
{
    /// <summary>
    /// Apug:InstanceId: this server's name in the claims it takes. Unset: the machine's name plus a random suffix, new
    /// at every start, so a restarted instance never mistakes a live one's claims for its own. Set a stable one per
    /// instance to have its own interrupted submissions back at once after a restart instead of after their lease.
    /// </summary>
    public string? InstanceId { get; set; }
}

/// <summary>Who this server instance is, in the submissions it claims and in its own SignalR group.</summary>
public sealed class InstanceIdentity(IOptions<InstanceOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Environment.MachineName}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}"
        : options.Value.InstanceId.Trim();
}
