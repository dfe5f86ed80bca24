using System.Globalization;

namespace Apug.Server.Data;

/// <summary>Timestamps are stored as ISO 8601 UTC text, which also sorts correctly.</summary>
public static class DbTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>PostgreSQL: a timestamptz expression (e.g. now()) as the same ISO 8601 UTC text as <see cref="Format"/>.</summary>
    public static string PostgresText(string timestamp) =>
        $"""to_char(({timestamp}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"0+00:00"')""";

    public static DateTimeOffset? ParseOrNull(string? value) => value is null ? null : Parse(value);
}
