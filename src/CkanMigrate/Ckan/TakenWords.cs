namespace CkanMigrate.Ckan;

/// <summary>
/// CKAN's words for a name or id that another record already holds ("That URL is already in use.",
/// "Group name already exists in database", "That login name is not available.", "Dataset id
/// already exists"): the value is fine, only taken. One list, for the loader's conflicts and the
/// probes that ask whether a value is refused.
/// </summary>
internal static class TakenWords
{
    private static readonly string[] Phrases = ["already exists", "already in use", "login name is not available"];

    public static bool Say(string text) => Phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
}
