using System.CommandLine;
using CkanMigrate.Pipeline;
using CkanMigrate.Profiles;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// What <c>--profile</c> names: a built-in profile (dgu; none, for run and verify) or a profile file
/// (YAML or JSON: ckanext-transmute schemas per kind, see profiles/README.md), read and checked whole
/// before any record is — every problem reported at once, with file and line.
/// </summary>
internal static class ProfileChoice
{
    public const string Dgu = RunOptions.DguProfile;
    public const string None = RunOptions.NoProfile;

    public static bool IsBuiltIn(string value) => value is Dgu or None;

    /// <summary>A profile file, loaded; a file with problems (or none at that path) is a usage error listing them all.</summary>
    public static ConversionProfile Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--profile {path}: no such file (the built-in profiles are {Dgu} and {None}; a profile file is YAML or JSON, see profiles/README.md)");
        var loaded = ConversionProfile.Load(Path.GetFullPath(path));
        if (loaded.Problems.Count > 0)
            throw new UsageException($"--profile {path}: {loaded.Problems.Count} problem{(loaded.Problems.Count == 1 ? "" : "s")}, nothing was read:\n  {string.Join("\n  ", loaded.Problems)}");
        return loaded.Profile!;
    }

    /// <summary><c>--check</c>: every problem of the profile, or what it converts; exit 0 when it can be used.</summary>
    public static int Check(string path)
    {
        var profile = Load(path); // problems throw, as a usage error: exit 2
        Console.Output.Summary($"{path}: no problems; profile '{profile.Name}' converts {string.Join(", ", profile.Kinds.Order(StringComparer.Ordinal))}; digest {profile.Digest[..12]}");
        return ExitCodes.Ok;
    }

    /// <summary><c>--preview N</c>: the first records of the input, before and after, written nowhere.</summary>
    public static async Task<int> PreviewAsync(ConversionProfile profile, string kind, string input, int count, CancellationToken ct)
    {
        foreach (var record in await profile.PreviewAsync(kind, input, count, ct).ConfigureAwait(false))
        {
            System.Console.Out.WriteLine($"--- line {record.Line}: {record.Outcome.ToString().ToLowerInvariant()}{(record.Reason is null ? "" : $": {record.Reason}")}");
            System.Console.Out.WriteLine($"before: {record.Before}");
            if (record.After is not null) System.Console.Out.WriteLine($"after:  {record.After}");
            foreach (var (category, value) in record.Notes) System.Console.Out.WriteLine($"note:   {category}: {value}");
        }
        return ExitCodes.Ok;
    }

    public static Option<bool> CheckOption() => new("--check") { Description = "Read and check the profile file only (every problem with file and line); exit 0 when it can be used" };

    public static Option<int?> PreviewOption() => new("--preview") { Description = "Show the first N input records before and after the profile file, writing nothing", HelpName = "N" };
}
