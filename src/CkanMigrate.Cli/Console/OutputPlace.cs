namespace CkanMigrate.Cli.Console;

/// <summary>
/// A file or folder this command writes, as the operator gave it: what it is ("the log"), the
/// option that names it (-l), and its full path. A disk error is told in these words, never by the
/// temp file the failing write went to.
/// </summary>
/// <param name="Note">said after the advice when the disk is full (run: how much room it needs, and that it resumes)</param>
internal sealed partial record OutputPlace(string Label, string Option, string FullPath, bool IsFolder, string? Note = null)
{
    /// <summary>
    /// How surely a path in the exception's message (.NET quotes them) is this place, 0 when none is:
    /// 3, the path itself or its own temp file (".NAME.…tmp", where an output is written before it
    /// is renamed); 2, something inside it (a folder, or -O of dump datastore, which is one) or a
    /// folder on the way to it (one that could not be made); 1, another temp file beside it (the
    /// folder's ledger of dumps). Two outputs in one folder are told apart by their own temp files.
    /// </summary>
    public int Match(string message) =>
        QuotedPath().Matches(message).Select(m => m.Groups[1].Value).Where(Path.IsPathRooted).Select(MatchPath).DefaultIfEmpty(0).Max();

    private int MatchPath(string path)
    {
        var folder = Path.GetDirectoryName(FullPath);
        if (path == FullPath || path.StartsWith(Path.Combine(folder ?? "", "." + Path.GetFileName(FullPath) + "."), StringComparison.Ordinal)) return 3;
        if (path.StartsWith(FullPath + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || FullPath.StartsWith(path + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return 2;
        return path.EndsWith(".tmp", StringComparison.Ordinal) && Path.GetDirectoryName(path) == folder ? 1 : 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex("'([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex QuotedPath();
}
