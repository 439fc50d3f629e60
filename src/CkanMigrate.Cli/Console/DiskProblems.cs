namespace CkanMigrate.Cli.Console;

/// <summary>
/// A failed write told as an operator needs it: which output (by what it is and its option, never
/// the temp file the write went to), why in plain words, and what to do. Anything else is left to
/// the caller's usual handling.
/// </summary>
internal static class DiskProblems
{
    private const int NoSpace = 28;      // ENOSPC
    private const int FileTooLarge = 27; // EFBIG
    private const int ReadOnly = 30;     // EROFS
    private const int QuotaUsedUp = 122; // EDQUOT
    private const int Exists = 17;       // EEXIST: a folder to be made is a file

    /// <summary>The one line for a disk error while writing a declared output, or null when <paramref name="e"/> is not one.</summary>
    public static string? Explain(Exception e)
    {
        if (Find(e) is not { } io || OutputPlaces.NamedIn(io.Message) is not { } place) return null;
        var (reason, needsRoom) = Reason(io);
        var advice = needsRoom
            ? $"free space on it, or give {place.Option} a path on a disk with room{(place.Note is null ? "" : $" {place.Note}")}"
            : $"give {place.Option} a path {(io.HResult == ReadOnly ? "on a disk " : "")}you can write to";
        return $"cannot write {(place.IsFolder ? "in " : "")}{place.Label} {place.FullPath} ({place.Option}): {reason}; {advice}";
    }

    /// <summary>
    /// The I/O failure itself, also when tasks gathered it (a write on a worker thread). Other wrappers
    /// are left alone: a damaged input's InvalidDataException holds an IOException that is no disk's fault.
    /// </summary>
    private static Exception? Find(Exception e) => e switch
    {
        FileNotFoundException => null,
        IOException or UnauthorizedAccessException => e,
        AggregateException a => a.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static (string Reason, bool NeedsRoom) Reason(Exception io) => io switch
    {
        UnauthorizedAccessException => ("permission denied", false),
        DirectoryNotFoundException => ("a part of its path is not a folder", false),
        { HResult: Exists } => ("a part of its path is a file, not a folder", false),
        _ => io.HResult switch
        {
            NoSpace => ("the disk is full", true),
            QuotaUsedUp => ("the disk quota there is used up", true),
            FileTooLarge => ("the file is larger than that file system allows", true),
            ReadOnly => ("the file system there is read-only", false),
            // Any other failure: the system's own words, without the path (the temp file's, for an output).
            _ => (WithoutPaths(io.Message), false),
        },
    };

    private static string WithoutPaths(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*:?\s*'[^']*'", "").TrimEnd('.', ' ');
}
