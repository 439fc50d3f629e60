using System.Text.Json;
using CkanMigrate.JsonLines;

namespace CkanMigrate.DataStore;

/// <summary>
/// A folder of dumped DataStore tables: per resource, <c>ID.rows.jsonl</c> (one JSON list of values
/// per row, in column order) and <c>ID.table.json</c> (its <see cref="TableDefinition"/>, written
/// after the rows file is whole and in place, so a definition always describes a complete file).
/// A dump in progress leaves <c>dump-in-progress</c> naming its id: a dump started again while it
/// is there keeps that dump's finished tables and reads only the rest; a finished dump removes the
/// tables of earlier dumps, so the folder holds exactly one dump.
/// </summary>
public sealed class DataStoreFolder(string path)
{
    private const string Marker = "dump-in-progress";
    private const string DefinitionSuffix = ".table.json";

    public string Path { get; } = path;

    public string RowsPath(string resourceId) => System.IO.Path.Combine(Path, Safe(resourceId) + ".rows.jsonl");

    public string DefinitionPath(string resourceId) => System.IO.Path.Combine(Path, Safe(resourceId) + DefinitionSuffix);

    /// <summary>This dump's id: the unfinished one's when there is one (a resumed dump), else a new one.</summary>
    public string BeginDump()
    {
        Directory.CreateDirectory(Path);
        var marker = System.IO.Path.Combine(Path, Marker);
        if (File.Exists(marker) && File.ReadAllText(marker).Trim() is { Length: > 0 } unfinished) return unfinished;
        var id = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(marker, id);
        return id;
    }

    /// <summary>The dump is over: tables from other dumps go, and the marker with them.</summary>
    public void EndDump(string dumpId)
    {
        foreach (var (definition, file) in DefinitionsWithFiles())
            if (definition.DumpId != dumpId)
            {
                File.Delete(file);
                File.Delete(RowsPath(definition.ResourceId));
            }
        File.Delete(System.IO.Path.Combine(Path, Marker));
    }

    /// <summary>The definition of a table this dump already finished, if its rows file is still the one described.</summary>
    public TableDefinition? Finished(string resourceId, string dumpId) =>
        Read(DefinitionPath(resourceId)) is { } d && d.DumpId == dumpId && File.Exists(RowsPath(resourceId)) && new FileInfo(RowsPath(resourceId)).Length == d.Bytes ? d : null;

    /// <summary>Every table in the folder, in resource id order.</summary>
    public IReadOnlyList<TableDefinition> Definitions() =>
        DefinitionsWithFiles().Select(p => p.Definition).OrderBy(d => d.ResourceId, StringComparer.Ordinal).ToList();

    public async Task WriteDefinitionAsync(TableDefinition definition, CancellationToken ct)
    {
        await using var file = AtomicOutputFile.Create(DefinitionPath(definition.ResourceId), gzip: false, ownerOnly: false);
        await JsonSerializer.SerializeAsync(file.Stream, definition, Indented, ct).ConfigureAwait(false);
        await file.CommitAsync(ct).ConfigureAwait(false);
    }

    private IEnumerable<(TableDefinition Definition, string File)> DefinitionsWithFiles()
    {
        if (!Directory.Exists(Path)) yield break;
        foreach (var file in Directory.EnumerateFiles(Path, "*" + DefinitionSuffix))
            if (Read(file) is { } d) yield return (d, file);
    }

    private static TableDefinition? Read(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            return JsonSerializer.Deserialize<TableDefinition>(File.ReadAllBytes(file));
        }
        catch (JsonException)
        {
            return null; // not one of ours
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A resource id as a file name: CKAN's are UUIDs, but a hostile one must not climb out of the folder.</summary>
    private static string Safe(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
