using System.ComponentModel.DataAnnotations;

namespace Apug.Server.Contest;

/// <summary>Bound from "Apug".</summary>
public sealed class ContestOptions
{
    /// <summary>The address participants open (e.g. https://judge.example.org/); the projector shows it as a QR code.</summary>
    [Url]
    public string? PublicUrl { get; set; }
}
