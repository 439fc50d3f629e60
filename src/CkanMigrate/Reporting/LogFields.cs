namespace CkanMigrate.Reporting;

/// <summary>
/// The fields each verb's -l log writes, in the order written: the writers build entries from these
/// names and the CLI's help lists them, so the two cannot drift apart (a test reads real logs).
/// </summary>
internal static class LogFields
{
    public static readonly IReadOnlyList<string> Dump = ["kind", "key", "resource", "outcome", "error"];
    /// <summary>dataset: a rejected views record's dataset (id), which an incremental run then carries again.</summary>
    public static readonly IReadOnlyList<string> Load = ["line", "id", "name", "outcome", "error", "note", "not_kept", "dataset"];
    public static readonly IReadOnlyList<string> Convert = ["line", "outcome", "reason", "notes"];
    public static readonly IReadOnlyList<string> ConvertUsers = ["file", "line", "uid", "outcome", "reason", "notes"];
    public static readonly IReadOnlyList<string> Filter = ["line", "outcome", "reason"];
    /// <summary>dump datastore and load datastore: one line per table.</summary>
    public static readonly IReadOnlyList<string> DataStore = ["resource", "outcome", "rows", "error"];

    /// <summary>"{line, outcome, reason}", as help and README show an entry.</summary>
    public static string Describe(IReadOnlyList<string> fields) => "{" + string.Join(", ", fields) + "}";
}
