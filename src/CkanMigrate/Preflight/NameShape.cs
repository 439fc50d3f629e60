namespace CkanMigrate.Preflight;

/// <summary>
/// How a name departs from CKAN's stock name rule (name_validator, the same for datasets,
/// organizations, groups and users: 2 to 100 characters, lower-case ASCII letters, digits, "-" and
/// "_", and not "new", "edit" or "search"), as a short description of what is unusual about it.
/// A target is asked about one name of each shape (<see cref="TargetProbes"/>): it may take more
/// than the stock rule (the data.gov.uk plugin takes e-mail addresses as user names). A name that
/// fits the stock rule has no shape: every CKAN takes it.
/// </summary>
internal static class NameShape
{
    private const int Shortest = 2;
    private const int Longest = 100;
    private static readonly string[] Reserved = ["new", "edit", "search"];

    /// <summary>What is unusual about the name, or null when the stock rule takes it.</summary>
    public static string? Of(string name)
    {
        var parts = new SortedSet<string>(StringComparer.Ordinal);
        if (name.Length < Shortest) parts.Add($"shorter than {Shortest}");
        if (name.Length > Longest) parts.Add($"longer than {Longest}");
        if (Reserved.Contains(name, StringComparer.Ordinal)) parts.Add("a reserved word");
        foreach (var c in name)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_') continue;
            parts.Add(c switch
            {
                >= 'A' and <= 'Z' => "capital letters",
                ' ' or '\t' => "spaces",
                '@' or '.' or '+' or '\'' => $"'{c}'",
                _ when c > 127 => "letters outside ASCII",
                _ => "other symbols",
            });
        }
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
