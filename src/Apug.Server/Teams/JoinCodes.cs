using System.Security.Cryptography;

namespace Apug.Server.Teams;

/// <summary>
/// Join codes: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as "K7PX-3QMD", typed in
/// any case, with or without the dash. 31^8 ≈ 8·10^11 codes that live ten minutes and work once; exchanging them is
/// rate limited per address like registering, so guessing one is hopeless.
/// </summary>
public static class JoinCodes
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // 31 letters and digits nobody misreads
    private const int Length = 8;

    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
    }

    /// <summary>The code as stored (upper case, no dash or spaces), or null when it cannot be a join code.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null) return null;
        var code = new string([.. typed.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant)]);
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }

    /// <summary>Only this hash is stored, like the tokens.</summary>
    public static string Hash(string code) => TeamTokenAuthentication.Hash(Normalise(code) ?? code);
}

/// <summary>A text that JoinCodes.Normalise accepts as a join code.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class JoinCodeAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public override bool IsValid(object? value) => JoinCodes.Normalise(value as string) is not null;
}
