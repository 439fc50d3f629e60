namespace CkanMigrate.Ckan;

/// <summary>
/// The actions that write one record (a dataset, an organization, a user…). When such a write gets
/// the same HTTP 500 twice, it is the record CKAN chokes on (an exception inside the action, e.g. its
/// hierarchy check), not the site: retrying it for half a minute changes nothing, so it is given up
/// after the second answer and the caller asks whether the site still answers. DataStore writes are
/// not among them: their 500s (a type created under a race) do pass.
/// </summary>
internal static class RecordWrites
{
    private static readonly string[] Suffixes = ["_create", "_update", "_patch"];

    public static bool Is(string action) =>
        !action.StartsWith("datastore_", StringComparison.Ordinal) && Suffixes.Any(s => action.EndsWith(s, StringComparison.Ordinal));
}
