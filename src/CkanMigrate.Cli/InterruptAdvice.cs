using System.CommandLine;

namespace CkanMigrate.Cli;

/// <summary>
/// What an operator needs to hear when a verb is stopped part-way: what it kept, and whether the
/// same command picks up where it stopped or starts again (each verb's truth, in one place).
/// </summary>
internal static class InterruptAdvice
{
    private static readonly Dictionary<string, string> ByVerb = new(StringComparer.Ordinal)
    {
        ["dump"] = "no output file was written (its temp file is removed) and files already fetched with --files stay; " +
                   "the same command starts the dump again",
        ["convert"] = "no output was written; the same command starts again",
        ["filter"] = "no output was written; the same command starts again",
        ["load"] = "records already sent are on the target and in the log (-l), rejects so far in --rejects; " +
                   "the same command goes on, finding what was loaded unchanged",
        ["run"] = "finished stages and their files stay in the work folder; the same command resumes from the stage that was stopped",
        ["verify"] = "nothing was written; the same command starts again",
    };

    /// <summary>The top-level verb the command line ran (convert for "convert users").</summary>
    public static string? Verb(ParseResult parse)
    {
        var result = parse.CommandResult;
        while (result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Parent is not null) result = parent;
        return result.Parent is null ? null : result.Command.Name;
    }

    public static string For(ParseResult parse, bool terminated)
    {
        var how = terminated ? "terminated (SIGTERM)" : "interrupted";
        return Verb(parse) is { } verb && ByVerb.TryGetValue(verb, out var advice)
            ? $"{verb} {how}: {advice}"
            : $"{how}; nothing half-written was kept";
    }
}
