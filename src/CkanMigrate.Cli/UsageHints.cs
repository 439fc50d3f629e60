using System.CommandLine;
using CkanMigrate.Entities;

namespace CkanMigrate.Cli;

/// <summary>
/// Help for a mistyped command line: a command or KIND that does not exist, or is missing, is told
/// in one line with the nearest name and the names there are, the same way for the verbs and for
/// every verb's KIND (convert's are subcommands, dump's and load's an argument).
/// </summary>
internal static class UsageHints
{
    /// <summary>The argument naming the kind, in the verbs that take one as an argument (dump, load).</summary>
    public const string KindArgument = "kind";

    /// <summary>The kinds dump and load take: every kind of a run (the core ones and the portal's, in the run's order), the archives, and DataStore tables.</summary>
    private static readonly List<string> ArgumentKinds = [.. Portal.RunOrder.All.Select(k => k.CliName), .. Portal.PortalKinds.ArchiveOnly.Select(k => k.CliName), "datastore"];

    /// <summary>
    /// The one line for a command line whose command or kind is unknown or missing (also when --help
    /// is given with it: help for the wrong command would hide the typo), or null when it has none.
    /// </summary>
    public static string? ForCommandLine(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var owner = command is RootCommand ? "ckan-migrate" : command.Name;
        if (command.Subcommands.Count > 0)
        {
            var what = command is RootCommand ? "command" : "kind";
            var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            // Kinds are named in load order wherever they are listed (users first), whatever order the subcommands were made in.
            if (command is not RootCommand) names = [.. names.OrderBy(n => ArgumentKinds.IndexOf(n) is var i and >= 0 ? i : int.MaxValue)];
            if (parse.UnmatchedTokens.FirstOrDefault() is { } typed)
                return typed.StartsWith('-') ? null : Unknown(what, typed, owner, command is RootCommand ? null : command.Name, names);
            return parse.Errors.Count > 0 ? $"{owner} needs a {what}: {OneOf(names)}" : null;
        }
        if (command.Arguments.FirstOrDefault(a => a.Name == KindArgument) is not Argument<string> kind) return null;
        if (parse.GetResult(kind) is not { Tokens.Count: > 0 } given) return parse.Errors.Count > 0 ? $"{owner} needs a kind: {OneOf(ArgumentKinds)}" : null;
        var name = given.Tokens[0].Value;
        return ArgumentKinds.Contains(name, StringComparer.Ordinal) ? null : Unknown("kind", name, owner, command.Name, ArgumentKinds);
    }

    private static string Unknown(string what, string typed, string owner, string? verb, IReadOnlyList<string> names) =>
        $"unknown {what} '{typed}'{(verb is null ? "" : $" for {verb}")}: {(Nearest(typed, names) is { } nearest ? $"did you mean '{nearest}'? " : "")}{owner} takes {OneOf(names)}";

    private static string OneOf(IReadOnlyList<string> names) => names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";

    /// <summary>The name within two edits of what was typed (the closest, alphabetically first on a tie), or null.</summary>
    public static string? Nearest(string typed, IEnumerable<string> names) =>
        names.Select(v => (Name: v, Distance: Distance(typed.ToLowerInvariant(), v)))
            .Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).FirstOrDefault();

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
