using System.Collections.Concurrent;
using System.Text;

namespace CkanMigrate.Reporting;

/// <summary>
/// The words logs, summaries and the run report use for an outcome, made from its enum name
/// (AlreadyThere → "already there"): one place, so every stage writes its outcomes alike and code
/// compares enums, never strings.
/// </summary>
public static class OutcomeWords
{
    private static readonly ConcurrentDictionary<Enum, string> Words = new();

    public static string Of(Enum outcome) => Words.GetOrAdd(outcome, static o =>
    {
        var name = o.ToString();
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append(' ');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    });
}
