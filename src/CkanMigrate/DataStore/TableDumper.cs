using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.DataStore;

/// <summary>
/// Dumps one table: its definition from the source (columns with types and data dictionary, unique
/// key, indexes), then its rows streamed to a temp file while their digest is taken, renamed into
/// place, and last the definition that describes them. A table this dump already finished is kept.
/// </summary>
internal sealed class TableDumper(CkanClient source, DataStoreFolder folder, string dumpId, ProgressCounter? rows = null, int pageSize = 10_000)
{
    private readonly TableReader _reader = new(source, pageSize);

    public async Task<TableOutcome> DumpAsync(TableRef table, CancellationToken ct)
    {
        if (folder.Finished(table.ResourceId, dumpId) is { } done)
            return new TableOutcome(table.ResourceId, TableOutcomeKind.AlreadyThere, done.Rows);
        try
        {
            if (await _reader.ShapeAsync(table.ResourceId, ct).ConfigureAwait(false) is not { } shape)
                return new TableOutcome(table.ResourceId, TableOutcomeKind.NoTable, 0, "datastore_active is true, but the source has no DataStore table for it");
            rows?.AddToTotal(shape.Total);
            var indexed = await _reader.IndexedColumnsAsync(table.ResourceId, ct).ConfigureAwait(false);
            var key = await _reader.UniqueKeyAsync(table.ResourceId, ct).ConfigureAwait(false);

            var path = folder.RowsPath(table.ResourceId);
            var temp = path + ".part";
            using var digest = new RowDigest();
            try
            {
                await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                    await foreach (var row in _reader.RowsAsync(table.ResourceId, shape.Fields, ct).ConfigureAwait(false))
                    {
                        await output.WriteAsync(digest.Add(row), ct).ConfigureAwait(false);
                        rows?.Advance();
                    }
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            await folder.WriteDefinitionAsync(new TableDefinition
            {
                ResourceId = table.ResourceId, PackageId = table.PackageId, PackageName = table.PackageName, Position = table.Position,
                Fields = shape.Fields, PrimaryKey = key, Indexes = indexed.Where(c => key?.Contains(c) != true).ToList(),
                Rows = digest.Rows, Bytes = digest.Bytes, Sha256 = digest.Sha256(), DumpId = dumpId,
            }, ct).ConfigureAwait(false);
            return new TableOutcome(table.ResourceId, TableOutcomeKind.Dumped, digest.Rows, key is null ? "its unique key is unknown (the source key may not call datastore_upsert)" : null);
        }
        catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
        {
            return new TableOutcome(table.ResourceId, TableOutcomeKind.Failed, 0, e.Describe());
        }
    }
}
