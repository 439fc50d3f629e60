namespace CkanMigrate.Cli.Console;

/// <summary>Messages for people, all on stderr so stdout can carry records.</summary>
internal static class Output
{
    public static void Info(bool quiet, string message)
    {
        if (!quiet) System.Console.Error.WriteLine(message);
    }

    public static void Warn(string message) => System.Console.Error.WriteLine($"warning: {message}");

    /// <summary>
    /// An input that held no line: a complete file of no records, so not an error (a catch-up's
    /// filtered file is often empty), but said, since an empty file is as often the wrong one.
    /// </summary>
    /// <param name="linesRead">lines the verb read from <paramref name="input"/></param>
    public static void IfEmpty(long linesRead, string input, string verb)
    {
        if (linesRead == 0) Warn($"{input} is empty: no records to {verb}");
    }

    /// <summary>The final summary line: printed even with -q, because scripts log it.</summary>
    public static void Summary(string message) => System.Console.Error.WriteLine(message);

    /// <summary>
    /// The first rejection and failure reasons, printed even with -q and without -l (an operator
    /// should not need a second run to learn why), then where the rest are.
    /// </summary>
    public static void Problems(CkanMigrate.Reporting.RecordLog log, string? logPath) =>
        Problems(log.FirstProblems, log.Problems, logPath is null ? null : $"in {logPath}");

    public static void Problems(IReadOnlyList<string> first, long total, string? where)
    {
        foreach (var reason in first) System.Console.Error.WriteLine($"rejected: {reason}");
        var more = total - first.Count;
        if (more > 0) System.Console.Error.WriteLine(where is null ? $"{more} more; add -l FILE to keep every reason" : $"{more} more {where}");
        else if (total > 0 && where is not null) System.Console.Error.WriteLine($"every reason {where}");
    }

    /// <summary>A call being retried: said at once, so a slow or flapping site never looks like a hung tool.</summary>
    public static void Retrying(CkanMigrate.Ckan.RetryNotice notice) => System.Console.Error.WriteLine($"retrying: {notice}");

    public static void Error(string message) => System.Console.Error.WriteLine($"ckan-migrate: error: {message}");
}
