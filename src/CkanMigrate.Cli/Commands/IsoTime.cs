using System.Globalization;
using CkanMigrate.Ckan;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// The one reading of a time given on the command line (<c>filter --since</c>, <c>run --since</c>):
/// ISO 8601 only, because any other form is ambiguous somewhere (01/02/2024 is 2 January to a
/// machine in the US and 1 February to an operator in the UK). A date is its midnight; a time
/// without a zone is UTC, because that is what CKAN's metadata_modified is (UTC written without a
/// zone), and what the filter compares it with (Filter/Timestamps.cs reads zoneless values as UTC).
/// Records' own timestamps are read leniently elsewhere: legacy data is not ours to refuse.
/// </summary>
internal static class IsoTime
{
    /// <summary>Examples of the forms accepted, with what each means: the help text and the error message both say it.</summary>
    public const string Forms = "2024-02-01 (a date: from midnight UTC), 2024-02-01T09:30:00 (no zone: UTC, as CKAN's metadata_modified), 2024-02-01T09:30:00Z or 2024-02-01T10:30:00+01:00";

    private static readonly string[] Formats = BuildFormats();

    private static string[] BuildFormats()
    {
        string[] times = ["'T'HH:mm", "'T'HH:mm:ss", .. Enumerable.Range(1, 7).Select(digits => "'T'HH:mm:ss." + new string('f', digits))];
        return ["yyyy-MM-dd", .. times.SelectMany(time => new[] { "yyyy-MM-dd" + time, "yyyy-MM-dd" + time + "'Z'", "yyyy-MM-dd" + time + "zzz" })];
    }

    public static bool TryParse(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    /// <summary>The instant <paramref name="text"/> names, or a usage error saying what is accepted.</summary>
    /// <param name="option">the option it was given to, named in the message</param>
    /// <param name="alsoAccepted">a word the option takes besides a time, with its meaning (run's "auto")</param>
    public static DateTimeOffset Parse(string option, string text, string? alsoAccepted = null) =>
        TryParse(text, out var instant) ? instant
            : throw new UsageException($"{option} '{text}' is not a valid ISO 8601 date or time; give e.g. {Forms}{(alsoAccepted is null ? "" : $", or {alsoAccepted}")}");
}
