namespace CkanMigrate.Ids;

/// <summary>
/// <c>id-map.tsv</c> in the work folder: each source id a target refused, with the id the record
/// has there (table, source id, target id; one line per pair, each pair once). Written for the
/// operator and for other tools: the ids themselves need no state (<see cref="DerivedIds"/>).
/// </summary>
internal sealed class IdMapFile : IDisposable
{
    public const string FileName = "id-map.tsv";

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly string _path;
    private StreamWriter? _append;

    private IdMapFile(string path) => _path = path;

    public static IdMapFile Open(string folder)
    {
        var map = new IdMapFile(Path.Combine(folder, FileName));
        if (File.Exists(map._path))
            foreach (var line in File.ReadLines(map._path))
                map._known.Add(line);
        return map;
    }

    public void Add(IEnumerable<IdPair> pairs)
    {
        lock (_gate)
            foreach (var pair in pairs)
            {
                var line = $"{pair.Kind.ToString().ToLowerInvariant()}\t{pair.Source}\t{pair.Target}";
                if (!_known.Add(line)) continue;
                if (_append is null)
                {
                    var fresh = !File.Exists(_path);
                    _append = new StreamWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read));
                    if (fresh) _append.WriteLine("table\tsource_id\ttarget_id");
                }
                _append.WriteLine(line);
                _append.Flush();
            }
    }

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
