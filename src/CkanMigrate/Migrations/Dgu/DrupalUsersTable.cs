using System.Globalization;
using System.IO.Compression;
using System.Text;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// The Drupal users CSV (plain or gzip), read by header name and held whole, keyed by uid (the last
/// row of a repeated uid wins, as in the original). A row with a non-numeric uid or created is left
/// out and reported with its line; a file without the needed columns is refused outright.
/// </summary>
public sealed class DrupalUsersTable
{
    public static readonly string[] RequiredColumns = ["uid", "name", "pass", "mail", "created"];

    private readonly Dictionary<string, DrupalUser> _byUid = new(StringComparer.Ordinal);

    internal IReadOnlyDictionary<string, DrupalUser> ByUid => _byUid;

    /// <summary>"file line N: reason" for every row left out.</summary>
    public List<string> BadRows { get; } = [];

    public long RowsRead { get; private set; }

    public static async Task<DrupalUsersTable> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(path);
        await using var file = File.OpenRead(path);
        await using Stream stream = JsonLinesReader.IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var table = new DrupalUsersTable();
        Dictionary<string, int>? columns = null;
        try
        {
            await foreach (var (line, fields) in CsvRecordReader.ReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                if (columns is null)
                {
                    columns = fields.Select((f, i) => (f.Trim(), i)).GroupBy(x => x.Item1).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
                    var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
                    if (missing.Count > 0)
                        throw new InvalidDataException($"{name} line {line}: the header lacks column(s) {string.Join(", ", missing)} (needs {string.Join(", ", RequiredColumns)})");
                    continue;
                }
                table.RowsRead++;
                if (table.Parse(name, line, fields, columns) is { } user) table._byUid[user.Uid] = user;
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name} {e.Message}", e);
        }
        catch (Exception e) when (e is IOException && e is not FileNotFoundException)
        {
            throw new InvalidDataException($"{name}: cannot be read after {table.RowsRead} rows ({e.Message})", e);
        }
        if (columns is null) throw new InvalidDataException($"{name}: the file is empty (no header row)");
        return table;
    }

    private DrupalUser? Parse(string file, long line, List<string> fields, Dictionary<string, int> columns)
    {
        string? Get(string column) => columns[column] < fields.Count ? fields[columns[column]] : null;
        var uid = Get("uid")?.Trim();
        var created = Get("created")?.Trim();
        if (fields.Count < columns.Count)
        {
            BadRows.Add($"{file} line {line}: {fields.Count} fields where the header has {columns.Count}");
            return null;
        }
        if (string.IsNullOrEmpty(uid) || !uid.All(char.IsAsciiDigit))
        {
            BadRows.Add($"{file} line {line}: uid '{uid}' is not a number");
            return null;
        }
        if (!long.TryParse(created, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            BadRows.Add($"{file} line {line}: created '{created}' is not a whole number of seconds");
            return null;
        }
        return new DrupalUser(uid, Get("name") ?? "", Get("pass") ?? "", Get("mail") ?? "", epoch);
    }
}
