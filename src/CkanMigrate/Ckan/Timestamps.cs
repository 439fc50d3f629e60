using System.Globalization;

namespace CkanMigrate.Ckan;

/// <summary>
/// Reads CKAN timestamps as instants: with or without fractional seconds (CKAN drops a zero
/// fraction), with <c>Z</c> or an offset converted to UTC, and no zone meaning UTC — which is what
/// CKAN's naive metadata_modified values are.
/// </summary>
internal static class Timestamps
{
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out instant);
    }

    /// <summary>CKAN's own format, for messages and state files: naive UTC with microseconds.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
