using System.Globalization;

namespace Apug.Server.Data;

/// <summary>Timestamps are stored as ISO 8601 UTC text, which also sorts correctly.</summary>
public static class DbTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ParseOrNull(string? value) => value is null ? null : Parse(value);
}
