namespace CkanMigrate.Files;

/// <summary>
/// <c>sent.tsv</c> in a files folder: which file (by checksum and size) was sent to which target
/// resource on which site, so a re-run sends nothing twice. CKAN keeps no checksum of an upload
/// (its <c>hash</c> stays ""), so this is what says the target holds these very bytes. The site is
/// named by what it says it is (its site_url), so the same target reached through another URL — a
/// proxy, an alias, http or https — is the same site; lines an earlier version keyed by the URL
/// given still count for that URL. A line is appended after the target accepted the file.
/// </summary>
internal sealed class SentFiles : IDisposable
{
    public const string FileName = "sent.tsv";

    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly string _path;
    private StreamWriter? _append;

    private SentFiles(string path) => _path = path;

    public static SentFiles Open(string folder)
    {
        var sent = new SentFiles(Path.Combine(folder, FileName));
        if (File.Exists(sent._path))
            foreach (var line in File.ReadLines(sent._path))
                if (line.Split('\t').Length == 4) sent._sent.Add(line);
        return sent;
    }

    /// <param name="sites">the names the site may be recorded under: its own identity first, then the URL given</param>
    public bool Has(IReadOnlyList<string> sites, string resourceId, FileEntry file)
    {
        lock (_gate) return sites.Any(site => _sent.Contains(Line(site, resourceId, file)));
    }

    public void Add(string site, string resourceId, FileEntry file)
    {
        var line = Line(site, resourceId, file);
        lock (_gate)
        {
            if (!_sent.Add(line)) return;
            _append ??= new StreamWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read));
            _append.WriteLine(line);
            _append.Flush();
        }
    }

    private static string Line(string site, string resourceId, FileEntry file) => $"{site}\t{resourceId}\t{file.Sha256}\t{file.Size}";

    /// <summary>How a site is named in sent.tsv: by its site_url when it reports one, else (as earlier versions did) by the URL's scheme, host and port.</summary>
    public static IReadOnlyList<string> NamesOf(Uri url, string? siteUrl)
    {
        var given = url.GetLeftPart(UriPartial.Authority);
        return siteUrl is { Length: > 0 } own ? [$"site_url {own.TrimEnd('/')}", given] : [given];
    }

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
