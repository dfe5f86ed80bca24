namespace Apug.Server.Admin;

/// <summary>Bound from "Apug".</summary>
public sealed class AdminOptions
{
    /// <summary>
    /// The organisers' bearer token. When empty, one is generated at first start and written to a file beside the
    /// database (readable by its owner only; the log says where), and only its hash is kept in the database.
    /// </summary>
    public string? AdminToken { get; set; }
}
