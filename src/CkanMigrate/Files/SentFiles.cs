namespace CkanMigrate.Files;

/// <summary>
/// <c>sent.tsv</c> in a files folder: which file (by checksum and size) was sent to which target
/// resource on which site, so a re-run sends nothing twice. CKAN keeps no checksum of an upload
/// (its <c>hash</c> stays ""), so this is what says the target holds these very bytes.
/// A line is appended after the target accepted the file.
/// </summary>
public sealed class SentFiles : IDisposable
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

    public bool Has(Uri site, string resourceId, FileEntry file)
    {
        lock (_gate) return _sent.Contains(Line(site, resourceId, file));
    }

    public void Add(Uri site, string resourceId, FileEntry file)
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

    private static string Line(Uri site, string resourceId, FileEntry file) => $"{site.GetLeftPart(UriPartial.Authority)}\t{resourceId}\t{file.Sha256}\t{file.Size}";

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
