using System.Globalization;

namespace CkanMigrate.Profiles.Values;

/// <summary>How a date's time zone was given: none (naive), UTC ("Z", "UTC", +00:00), or another fixed offset.</summary>
internal enum PyZone
{
    Naive,
    Utc,
    Offset,
}

/// <summary>
/// What tsm_isodate makes of a string: a Python datetime. Through CKAN's API it is written with
/// isoformat() (microseconds only when not zero, the offset as +HH:MM); str() puts a space for the T.
/// </summary>
internal sealed record PyDate(DateTime Local, PyZone Zone, TimeSpan Offset)
{
    public string IsoFormat(char separator = 'T')
    {
        Span<char> text = stackalloc char[48];
        Local.TryFormat(text, out var length, separator == 'T' ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss" : "yyyy'-'MM'-'dd' 'HH':'mm':'ss", CultureInfo.InvariantCulture);
        var micro = Microsecond;
        if (micro != 0)
        {
            text[length++] = '.';
            micro.TryFormat(text[length..], out var digits, "D6", CultureInfo.InvariantCulture);
            length += digits;
        }
        var result = text[..length].ToString();
        return Zone == PyZone.Naive ? result : result + OffsetText();
    }

    public int Microsecond => (int)(Local.Ticks % TimeSpan.TicksPerSecond / 10);

    private string OffsetText()
    {
        var sign = Offset < TimeSpan.Zero ? '-' : '+';
        var size = Offset.Duration();
        var text = $"{sign}{size.Hours + size.Days * 24:D2}:{size.Minutes:D2}";
        return size.Seconds != 0 ? text + $":{size.Seconds:D2}" : text;
    }

    /// <summary>Python's repr, as it shows inside a list or dict given to str().</summary>
    public string Repr()
    {
        var parts = new List<int> { Local.Year, Local.Month, Local.Day, Local.Hour, Local.Minute };
        if (Local.Second != 0 || Microsecond != 0) parts.Add(Local.Second);
        if (Microsecond != 0) parts.Add(Microsecond);
        var text = "datetime.datetime(" + string.Join(", ", parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        text += Zone switch
        {
            PyZone.Utc => ", tzinfo=tzutc()",
            PyZone.Offset => $", tzinfo=tzoffset(None, {(long)Offset.TotalSeconds})",
            _ => "",
        };
        return text + ")";
    }

    /// <summary>The instant, for comparing two dates that both have a zone.</summary>
    public DateTime Utc => Local - Offset;
}
