using System.Globalization;

namespace CkanMigrate.DataStore;

/// <summary>
/// <c>loaded.tsv</c> in a DataStore folder: after each batch the target accepted, a line saying which
/// table (by its definition's shape digest and rows checksum) is loaded into which target resource
/// on which site, and how many of its rows are in. The last line per resource wins. It is what lets
/// a second run write nothing (CKAN keeps no checksum of a table) and an interrupted one go on from
/// its last batch.
/// </summary>
internal sealed class LoadLedger : IDisposable
{
    public const string FileName = "loaded.tsv";

    public sealed record Entry(string Shape, string Sha256, long Rows, long Done);

    private readonly Dictionary<string, Entry> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly string _path;
    private StreamWriter? _append;

    private LoadLedger(string path) => _path = path;

    public static LoadLedger Open(string folder)
    {
        var ledger = new LoadLedger(Path.Combine(folder, FileName));
        if (File.Exists(ledger._path))
            foreach (var line in File.ReadLines(ledger._path))
                if (line.Split('\t') is [var site, var resource, var shape, var sha, var rows, var done]
                    && long.TryParse(rows, CultureInfo.InvariantCulture, out var r) && long.TryParse(done, CultureInfo.InvariantCulture, out var d))
                    ledger._last[site + "\t" + resource] = new Entry(shape, sha, r, d);
        return ledger;
    }

    public Entry? Last(Uri site, string targetResourceId)
    {
        lock (_gate) return _last.GetValueOrDefault(Key(site, targetResourceId));
    }

    public void Add(Uri site, string targetResourceId, TableDefinition table, long done)
    {
        var key = Key(site, targetResourceId);
        lock (_gate)
        {
            _last[key] = new Entry(table.ShapeDigest(), table.Sha256, table.Rows, done);
            _append ??= new StreamWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read));
            _append.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}\t{table.ShapeDigest()}\t{table.Sha256}\t{table.Rows}\t{done}"));
            _append.Flush();
        }
    }

    private static string Key(Uri site, string resourceId) => site.GetLeftPart(UriPartial.Authority) + site.AbsolutePath.TrimEnd('/') + "\t" + resourceId;

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
