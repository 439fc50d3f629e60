namespace CkanMigrate.Cli;

/// <summary>Help for a mistyped command line: the verb meant by a typo.</summary>
public static class UsageHints
{
    /// <summary>The verb within two edits of what was typed (the closest, alphabetically first on a tie), or null.</summary>
    public static string? NearestVerb(string typed, IEnumerable<string> verbs) =>
        verbs.Select(v => (Verb: v, Distance: Distance(typed.ToLowerInvariant(), v)))
            .Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance).ThenBy(x => x.Verb, StringComparer.Ordinal)
            .Select(x => x.Verb).FirstOrDefault();

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ("dupm" → "dump" is one).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
