using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.WorkFolders;

/// <summary>
/// A run's (or verify's) work folder belongs to one source/target pair: what it remembers — the
/// source's datasets, deletes still to make, the high-water mark — is true of that pair only, and
/// fed to another source it would read as tens of thousands of datasets gone. So the pair is
/// recorded on first use (pair.json) and every later invocation is checked against it before
/// anything in the folder is written; another pair is refused and the folder left as it was.
/// The folder is owner-only: it holds private datasets, e-mail addresses and password hashes.
/// </summary>
internal static class WorkFolder
{
    public const string PairFile = "pair.json";

    /// <summary>Where default work folders go, one per pair, so two migrations started from one directory never share one.</summary>
    public const string DefaultParent = "ckan-migrate-work";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Files only a work folder holds: their presence says the folder is one (of any version).</summary>
    private static readonly string[] Marks = [PairFile, "state.json", "source-datasets.tsv", "source-dataset-ids.txt", "deletes-pending.tsv", "report.md", "1-dump", "verify"];

    /// <summary>The default work folder of a pair: named after both ends, with a digest of them so that no two pairs share one.</summary>
    public static string DefaultFor(Endpoint from, Endpoint to)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{from}\n{to}")))[..8];
        return Path.Combine(DefaultParent, $"{Slug(from)}-to-{Slug(to)}-{digest}");
    }

    /// <summary>
    /// Makes sure <paramref name="folder"/> may be used for <paramref name="pair"/>, before anything in it
    /// is written: recorded for another pair, made by an earlier version for another (or an unknown)
    /// pair, or not a work folder at all but a folder with other files — each is refused with a
    /// <see cref="UsageException"/>. On first use the pair is recorded. The folder is made owner-only.
    /// </summary>
    public static void Claim(string folder, WorkPair pair)
    {
        var recorded = Recorded(folder);
        if (recorded is not null)
        {
            if (!recorded.Admits(pair))
                throw new UsageException($"the work folder {folder} belongs to the migration {recorded}, not {pair}: give this one its own --work (nothing in {folder} was changed)");
            Restrict(folder);
            return;
        }
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!Marks.Any(m => Path.Exists(Path.Combine(folder, m))))
                throw new UsageException($"--work {folder} is not empty and is not a ckan-migrate work folder: give an empty or new folder");
            if (LegacyWorkFolder.PairOf(folder) is not { } earlier)
                throw new UsageException($"the work folder {folder} was made by an earlier version, which did not record its source and target: give this migration its own --work (nothing in {folder} was changed)");
            if (!earlier.Admits(pair))
                throw new UsageException($"the work folder {folder} belongs to the migration {earlier}, not {pair}: give this one its own --work (nothing in {folder} was changed)");
        }
        Directory.CreateDirectory(folder);
        Restrict(folder);
        Write(folder, pair);
    }

    /// <summary>The pair recorded in a work folder, or null where none is (a new folder, or one of an earlier version).</summary>
    public static WorkPair? Recorded(string folder)
    {
        var path = Path.Combine(folder, PairFile);
        if (!File.Exists(path)) return null;
        try
        {
            return WorkPair.FromJson(JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException("empty"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not the pair file this version writes ({e.Message.Split(" Path:")[0]}); give a new --work");
        }
    }

    private static void Write(string folder, WorkPair pair)
    {
        var path = Path.Combine(folder, PairFile);
        var temp = path + ".tmp";
        File.WriteAllText(temp, pair.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Owner-only, also for a folder an earlier version made with the default mode (0755).</summary>
    private static void Restrict(string folder)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, OwnerOnly);
    }

    private static string Slug(Endpoint end)
    {
        var text = end.IsCkan ? end.Url!.Host + end.Url.AbsolutePath : Path.GetFileName(Path.TrimEndingDirectorySeparator(end.Folder!));
        var slug = new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-').ToArray()).Trim('-', '.');
        return slug.Length == 0 ? "root" : slug[..Math.Min(slug.Length, 40)];
    }
}
