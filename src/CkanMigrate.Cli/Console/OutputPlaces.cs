using System.CommandLine;

namespace CkanMigrate.Cli.Console;

/// <summary>
/// The files and folders the running command writes (one command per process), declared where the
/// options are made, so that <see cref="DiskProblems"/> can name the output a failed write was for.
/// </summary>
internal static class OutputPlaces
{
    private static readonly List<OutputPlace> Declared = [];

    static OutputPlaces() =>
        // Indexes past --index-memory spill here; .NET's temp folder follows TMPDIR.
        Declare(new OutputPlace("the temp folder", "TMPDIR", Path.TrimEndingDirectorySeparator(Path.GetTempPath()), IsFolder: true));

    public static void Declare(OutputPlace place)
    {
        lock (Declared) Declared.Add(place);
    }

    /// <summary>Declares the path an option is given, when it is given: <paramref name="option"/> is returned for chaining.</summary>
    public static Option<T> Track<T>(Option<T> option, string label, bool folder = false)
    {
        option.Validators.Add(result =>
        {
            // A path the system cannot take (a NUL in it) is left for the command to refuse: nothing to name here.
            if (result.GetValueOrDefault<T>() is string path && path.Length > 0 && path != "-" && !path.Contains('\0', StringComparison.Ordinal))
                Declare(new OutputPlace(label, ShortestAlias(option), Path.GetFullPath(path), folder));
        });
        return option;
    }

    /// <summary>The option as an operator types it most often: ckanapi's short letter where there is one (-O, -l).</summary>
    private static string ShortestAlias(Option option) =>
        option.Aliases.Append(option.Name).OrderBy(a => a.Length).First();

    /// <summary>The place the message names most surely, the deepest on a tie (a file before the folder it is in), or null.</summary>
    public static OutputPlace? NamedIn(string message)
    {
        lock (Declared)
            return Declared.Select(p => (Place: p, Match: p.Match(message))).Where(x => x.Match > 0)
                .OrderByDescending(x => x.Match).ThenByDescending(x => x.Place.FullPath.Length).Select(x => x.Place).FirstOrDefault();
    }
}
