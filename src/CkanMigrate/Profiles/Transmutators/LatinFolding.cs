namespace CkanMigrate.Profiles.Transmutators;

/// <summary>
/// Lower-case Latin letters with accents (Latin-1 and Latin Extended-A/B) to the ASCII letter a
/// slug keeps: é → e, ł → l. Listed as data because the tool runs with invariant globalization,
/// where .NET does not decompose characters.
/// </summary>
internal static class LatinFolding
{
    private static readonly (string Letters, char Ascii)[] Groups =
    [
        ("àáâãäåæāăąǎǟǡǻȁȃȧ", 'a'),
        ("çćĉċč", 'c'),
        ("ðďđ", 'd'),
        ("èéêëēĕėęěȅȇȩ", 'e'),
        ("ĝğġģǧǵ", 'g'),
        ("ĥħȟ", 'h'),
        ("i̇ìíîïĩīĭįıǐȉȋ", 'i'),
        ("ĵǰ", 'j'),
        ("ķǩ", 'k'),
        ("ĺļľł", 'l'),
        ("ñńņňǹ", 'n'),
        ("òóôõöøōŏőœơǒǫǭȍȏȫȭȯȱ", 'o'),
        ("ŕŗřȑȓ", 'r'),
        ("ßśŝşšſș", 's'),
        ("þţťț", 't'),
        ("ùúûüũūŭůűųưǔǖǘǚǜȕȗ", 'u'),
        ("ŵ", 'w'),
        ("ýÿŷȳ", 'y'),
        ("źżž", 'z'),
    ];

    private static readonly Dictionary<char, char> Map = Groups.SelectMany(g => g.Letters.Select(c => (c, g.Ascii))).ToDictionary(p => p.c, p => p.Ascii);

    public static char Fold(char c) => Map.TryGetValue(c, out var ascii) ? ascii : c;
}
