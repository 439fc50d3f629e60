using System.Globalization;
using System.Text.RegularExpressions;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>
/// tsm_isodate's reading of a date. transmute hands the text to dateutil's parser, which also
/// guesses at free text ("Feb 3", "3/2/22") and fills what is missing from the day it runs; we read
/// the ISO 8601 forms CKAN and its harvesters write, with dateutil's results for them (a single
/// digit month, day or hour; fractions cut to microseconds; "Z", "UTC", "GMT" or an offset), and
/// refuse the rest rather than guess.
/// </summary>
internal static partial class IsoDate
{
    public enum Outcome
    {
        Read,
        /// <summary>Looks like an ISO date but a part is out of range (dateutil's "Date format incorrect").</summary>
        OutOfRange,
        /// <summary>Not a form we read.</summary>
        NotIso,
        /// <summary>An offset of a day or more: Python's datetime refuses it with an error of its own.</summary>
        OffsetTooLarge,
    }

    /// <summary>The form CKAN itself writes (2015-01-01, 2015-01-01T10:00:00, with microseconds), read without the pattern; anything else goes to it.</summary>
    private static bool TryReadPlain(string text, out PyDate? date)
    {
        date = null;
        if (text.Length is not (10 or 19 or 26) || text[4] != '-' || text[7] != '-') return false;
        if (text.Length > 10 && (text[10] is not ('T' or ' ') || text[13] != ':' || text[16] != ':' || (text.Length == 26 && text[19] != '.'))) return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)) return false;
        int hour = 0, minute = 0, second = 0, micro = 0;
        if (text.Length > 10 && (!Digits(text, 11, 2, out hour) || !Digits(text, 14, 2, out minute) || !Digits(text, 17, 2, out second))) return false;
        if (text.Length == 26 && !Digits(text, 20, 6, out micro)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        date = new PyDate(new DateTime(year, month, day, hour, minute, second).AddTicks(micro * 10L), PyZone.Naive, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < '0' or > '9') return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }

    [GeneratedRegex(@"^\s*(?<y>\d{4})(?:-(?<m>\d{1,2})-(?<d>\d{1,2})|(?<m>\d{2})(?<d>\d{2}))(?:(?:[Tt]|\s+)(?<H>\d{1,2})(?::(?<M>\d{1,2})(?::(?<S>\d{1,2})(?:\.(?<F>\d*))?)?)?(?:\s*(?<z>[Zz]|UTC|GMT|(?<sign>[+-])(?<zh>\d{1,2})(?::?(?<zm>\d{2}))?))?)?\s*$")]
    private static partial Regex Form();

    public static Outcome TryRead(string text, out PyDate? date)
    {
        if (TryReadPlain(text, out date)) return Outcome.Read;
        date = null;
        var match = Form().Match(text);
        if (!match.Success) return Outcome.NotIso;
        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Part("y"), Part("m"), Part("d"));
        var (hour, minute, second) = (Part("H"), Part("M"), Part("S"));
        var fraction = match.Groups["F"].Value;
        var micro = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(6, '0')[..6], CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return Outcome.OutOfRange;
        var local = new DateTime(year, month, day, hour, minute, second).AddTicks(micro * 10L);
        var zone = match.Groups["z"];
        if (!zone.Success)
        {
            date = new PyDate(local, PyZone.Naive, TimeSpan.Zero);
            return Outcome.Read;
        }
        var offset = TimeSpan.Zero;
        if (match.Groups["sign"].Success)
        {
            offset = new TimeSpan(Part("zh"), Part("zm"), 0);
            if (match.Groups["sign"].Value == "-") offset = -offset;
            if (offset.Duration() >= TimeSpan.FromDays(1)) return Outcome.OffsetTooLarge;
        }
        date = new PyDate(local, offset == TimeSpan.Zero ? PyZone.Utc : PyZone.Offset, offset);
        return Outcome.Read;
    }
}
