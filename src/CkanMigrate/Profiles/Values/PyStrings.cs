using System.Globalization;
using System.Text;

namespace CkanMigrate.Profiles.Values;

/// <summary>Python string rules that .NET's differ from: length and slices count code points, not UTF-16 units; repr's quoting.</summary>
internal static class PyStrings
{
    /// <summary>len(s).</summary>
    public static int Length(string s)
    {
        var count = s.Length;
        for (var i = 0; i < s.Length - 1; i++)
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                count--;
                i++;
            }
        return count;
    }

    /// <summary>s[:stop], with Python's meaning of a negative stop (that many code points from the end).</summary>
    public static string Prefix(string s, long stop)
    {
        var length = Length(s);
        var take = stop < 0 ? Math.Max(0, length + stop) : Math.Min(length, stop);
        if (take == length) return s;
        var units = 0;
        for (var taken = 0; taken < take; taken++)
            units += char.IsHighSurrogate(s[units]) && units + 1 < s.Length && char.IsLowSurrogate(s[units + 1]) ? 2 : 1;
        return s[..units];
    }

    /// <summary>The code point at a Python index (negative counts from the end), or null when out of range.</summary>
    public static string? At(string s, long index)
    {
        var runes = s.EnumerateRunes().ToArray();
        if (index < 0) index += runes.Length;
        return index >= 0 && index < runes.Length ? runes[index].ToString() : null;
    }

    /// <summary>repr(s): single quotes unless the text holds one and no double quote; unprintable characters escaped.</summary>
    public static void AppendRepr(StringBuilder text, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        text.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            int code = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                code = char.ConvertToUtf32(s[i], s[++i]);
            switch (code)
            {
                case '\\': text.Append("\\\\"); continue;
                case '\n': text.Append("\\n"); continue;
                case '\r': text.Append("\\r"); continue;
                case '\t': text.Append("\\t"); continue;
            }
            if (code == quote) text.Append('\\').Append(quote);
            else if (code < 0x7F && code >= 0x20) text.Append((char)code);
            else if (IsPrintable(code)) text.Append(char.ConvertFromUtf32(code));
            else if (code <= 0xFF) text.Append("\\x").Append(code.ToString("x2", CultureInfo.InvariantCulture));
            else if (code <= 0xFFFF) text.Append("\\u").Append(code.ToString("x4", CultureInfo.InvariantCulture));
            else text.Append("\\U").Append(code.ToString("x8", CultureInfo.InvariantCulture));
        }
        text.Append(quote);
    }

    /// <summary>str.isprintable() for one character: not a control, format, surrogate, private-use, unassigned or separator (but space).</summary>
    private static bool IsPrintable(int code)
    {
        if (code >= 0xD800 && code <= 0xDFFF) return false;
        return CharUnicodeInfo.GetUnicodeCategory(code) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.SpaceSeparator => code == ' ',
            _ => true,
        };
    }
}
