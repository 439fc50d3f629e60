using System.Text.RegularExpressions;

namespace CkanMigrate.Ids;

/// <summary>
/// The one rule for "is this id a UUID", as a target that wants UUIDs decides it: CKAN 2.11's
/// uuid_validator is Python's <c>uuid.UUID(value)</c>, which removes "urn:" and "uuid:", strips
/// braces from both ends, removes every dash, and then wants exactly 32 characters that
/// <c>int(x, 16)</c> reads (so a sign, a 0x prefix, underscores between digits and white space
/// around pass too). Such an id is stored as sent. .NET's Guid.TryParse differs both ways (it takes
/// parentheses, and refuses urn: or dashes elsewhere), so it is not used for this.
/// </summary>
internal static partial class PythonUuid
{
    public static bool Accepts(string? value)
    {
        if (value is null) return false;
        if (IsCanonical(value)) return true; // nearly every CKAN id: no strings made
        var hex = value.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return hex.Length == 32 && HexInteger().IsMatch(hex);
    }

    /// <summary>The 8-4-4-4-12 form CKAN gives its own ids.</summary>
    private static bool IsCanonical(string value)
    {
        if (value.Length != 36) return false;
        for (var i = 0; i < 36; i++)
            if (i is 8 or 13 or 18 or 23 ? value[i] != '-' : !char.IsAsciiHexDigit(value[i])) return false;
        return true;
    }

    /// <summary>What Python's int(x, 16) reads (ASCII digits; Python also takes other scripts' digits, which no CKAN id holds).</summary>
    [GeneratedRegex(@"^\s*[+-]?(0[xX]_?)?[0-9a-fA-F](_?[0-9a-fA-F])*\s*$")]
    private static partial Regex HexInteger();
}
