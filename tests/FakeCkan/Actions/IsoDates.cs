using System.Globalization;

namespace FakeCkan.Actions;

/// <summary>
/// CKAN's isodate validator on resource dates. Up to 2.10 a date with a zone is "Date format
/// incorrect"; 2.11 parses with datetime.fromisoformat, which takes a Z or an offset, and the
/// timestamp column keeps no zone (recorded: "2024-05-06T07:08:09Z" is shown "2024-05-06T07:08:09").
/// </summary>
internal static class IsoDates
{
    public static bool Accepts(ActionContext ctx, string value) =>
        ctx.AtLeast(2, 11)
            ? DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            : Validation.IsIsoDate(value);

    public static bool HasZone(string value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && t.Kind != DateTimeKind.Unspecified;

    /// <summary>
    /// The stored form: CKAN's isoformat() of the time without its zone. An offset is taken to UTC,
    /// as PostgreSQL does in a UTC session (only the Z form was recorded).
    /// </summary>
    public static string Naive(string value) =>
        FakeCkanStore.FormatTimestamp(DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime);
}
