using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Files;

/// <summary>
/// <c>manifest.jsonl</c> in a files folder: one line per file fetched, {id, owner, name, size,
/// sha256, url}. A line is appended only once its file is complete and renamed into place, so after
/// an interrupted dump every line names a whole file; a torn last line is ignored on reading.
/// Later lines win (a file fetched again).
/// </summary>
internal sealed class FileManifest : IDisposable
{
    public const string FileName = "manifest.jsonl";

    private readonly Dictionary<string, FileEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly string _path;
    private FileStream? _append;

    private FileManifest(string folder) => _path = Path.Combine(folder, FileName);

    public string Folder => Path.GetDirectoryName(_path)!;

    public static FileManifest Open(string folder)
    {
        Directory.CreateDirectory(folder);
        var manifest = new FileManifest(folder);
        if (File.Exists(manifest._path))
            foreach (var line in File.ReadLines(manifest._path))
            {
                try
                {
                    if (JsonNode.Parse(line) is JsonObject o && o.Deserialize<FileEntry>() is { Id.Length: > 0 } entry)
                        manifest._entries[entry.Id] = entry;
                }
                catch (JsonException)
                {
                    // the torn last line of an interrupted dump: its file was not complete either
                }
            }
        return manifest;
    }

    /// <summary>Every file entered, in id order.</summary>
    public IReadOnlyList<FileEntry> Entries
    {
        get { lock (_gate) return _entries.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList(); }
    }

    public FileEntry? Find(string id)
    {
        lock (_gate) return _entries.GetValueOrDefault(id);
    }

    /// <summary>Where the file of this id is (or will be) kept.</summary>
    public string PathOf(string id) => Path.Combine(Folder, Safe(id));

    public void Add(FileEntry entry)
    {
        lock (_gate)
        {
            _entries[entry.Id] = entry;
            _append ??= new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var bytes = JsonLineFormat.ToLineBytes(JsonSerializer.SerializeToNode(entry)!);
            _append.Write(bytes);
            _append.Flush();
        }
    }

    /// <summary>An id as a file name: CKAN resource ids are UUIDs, but a hostile one must not climb out of the folder.</summary>
    private static string Safe(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    public void Dispose()
    {
        lock (_gate) _append?.Dispose();
    }
}
