using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.DataStore;

/// <summary>
/// Loads one dumped table into its resource on the target. The target's table is read first (its
/// columns and row count) and set beside the ledger's last line for that resource:
/// - the same definition and checksum, all rows in: unchanged, nothing written;
/// - the same, part of the rows in (an interrupted load): the rest, from the target's own count;
/// - no ledger line, but the same columns and count: the target's rows are read and their checksum
///   compared (unchanged when equal);
/// - anything else: the table is dropped (datastore_delete) and made again (datastore_create with the
///   same fields, data dictionary, unique key and indexes), then the rows go in, batch by batch
///   (datastore_upsert, method insert, force: the resource is a link or an upload, not url_type datastore).
/// A batch is never sent twice blindly: when its answer is lost the target's count says whether it
/// went in. A table the target refuses (a type, a row) ends failed with CKAN's reason.
/// </summary>
/// <param name="ids">how the target holds the source's ids (a resource whose legacy id it refused is under its derived id); null: as they are</param>
/// <param name="keepModified">
/// the target keeps a dataset's metadata_modified as sent (CKAN 2.12), and a table written there
/// stamps its dataset (datastore_create and datastore_delete set datastore_active with resource_patch):
/// the dataset's time is put back after the table is written
/// </param>
internal sealed class TableLoader(CkanClient target, DataStoreFolder folder, LoadLedger ledger, ProgressCounter? rows = null, int batchRows = 5_000,
    int batchBytes = 4 << 20, Ids.TargetIds? ids = null, bool keepModified = false)
{
    private readonly TableReader _reader = new(target);
    private readonly JsonTypeFirstUse _jsonType = new(target);

    public async Task<TableOutcome> LoadAsync(TableDefinition table, CancellationToken ct)
    {
        var rowsPath = folder.RowsPath(table.ResourceId);
        if (!File.Exists(rowsPath) || new FileInfo(rowsPath).Length != table.Bytes)
            return Failed(table, $"{rowsPath} is missing or is not the file its definition describes: dump datastore again");
        try
        {
            if (await TargetResourceAsync(table, ct).ConfigureAwait(false) is not { } resource)
                return Failed(table, "its resource is not on the target: load its dataset first");
            var modified = keepModified ? await DatasetModifiedAsync(resource, ct).ConfigureAwait(false) : null;
            var outcome = await WriteAsync(table, resource, ct).ConfigureAwait(false);
            // Anything written but rows into an active table set datastore_active, which stamped the dataset.
            if (modified is not null && (outcome.Outcome is not (TableOutcomeKind.Unchanged or TableOutcomeKind.Resumed) || !resource.Active))
                await target.CallAsync("package_patch", new JsonObject { ["id"] = resource.PackageId, ["metadata_modified"] = modified }, ct).ConfigureAwait(false);
            return outcome;
        }
        catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
        {
            return Failed(table, e.Describe());
        }
    }

    /// <summary>The table into the resource found for it: left alone, resumed, or made again (see the class summary).</summary>
    private async Task<TableOutcome> WriteAsync(TableDefinition table, TargetResource resource, CancellationToken ct)
    {
        var state = await _reader.ShapeAsync(resource.Id, ct).ConfigureAwait(false);
        var last = ledger.Last(target.BaseUrl, resource.Id);
        var sameColumns = state is { } s && TableShape.Same(s.Fields, table.Fields);
        var loadedBefore = last is not null && last.Shape == table.ShapeDigest() && last.Sha256 == table.Sha256;

        if (sameColumns && state!.Value.Total == table.Rows && (loadedBefore ? last!.Done == table.Rows : await SameRowsAsync(table, resource.Id, ct).ConfigureAwait(false)))
        {
            if (!loadedBefore) ledger.Add(target.BaseUrl, resource.Id, table, table.Rows);
            rows?.Advance(table.Rows);
            if (!resource.Active) await MarkActiveAsync(resource.Id, ct).ConfigureAwait(false);
            return new TableOutcome(table.ResourceId, TableOutcomeKind.Unchanged, table.Rows, resource.Active ? null : "datastore_active was false on the target (a dataset update clears it); set again");
        }
        if (sameColumns && loadedBefore && last!.Done < table.Rows && state!.Value.Total >= last.Done && state.Value.Total <= table.Rows)
        {
            rows?.Advance(state.Value.Total);
            var inserted = await InsertAsync(table, resource.Id, state.Value.Total, ct).ConfigureAwait(false);
            return inserted.Failure is { } why ? Failed(table, why, inserted.Done) : new TableOutcome(table.ResourceId, TableOutcomeKind.Resumed, table.Rows, $"from row {state.Value.Total + 1}");
        }

        if (state is not null)
            await target.CallAsync("datastore_delete", new JsonObject { ["resource_id"] = resource.Id, ["force"] = true }, ct).ConfigureAwait(false);
        await _jsonType.CreateAsync(Definition(table, resource.Id), ct).ConfigureAwait(false);
        ledger.Add(target.BaseUrl, resource.Id, table, 0);
        var result = await InsertAsync(table, resource.Id, 0, ct).ConfigureAwait(false);
        return result.Failure is { } reason ? Failed(table, reason, result.Done)
            : new TableOutcome(table.ResourceId, TableOutcomeKind.Created, table.Rows, table.PrimaryKey is null ? "made without a unique key: the source would not say which" : null);
    }

    private sealed record TargetResource(string Id, bool Active, string? PackageId);

    /// <summary>The resource's dataset's metadata_modified before the table is written, to put back after.</summary>
    private async Task<string?> DatasetModifiedAsync(TargetResource resource, CancellationToken ct) =>
        resource.PackageId is { } id && await target.CallAsync("package_show", new JsonObject { ["id"] = id }, ct).ConfigureAwait(false) is JsonObject dataset
            ? dataset["metadata_modified"]?.GetValue<string>() : null;

    /// <summary>
    /// The target's resource: the same id (CKAN keeps resource ids on create) or the id derived from a
    /// legacy one the target refused (<see cref="Ids.TargetIds.Candidates"/>), else the one at the same
    /// place in its dataset (found the same ways, then by name).
    /// </summary>
    private async Task<TargetResource?> TargetResourceAsync(TableDefinition table, CancellationToken ct)
    {
        foreach (var resourceId in Candidates(Ids.IdKind.Resource, table.ResourceId))
        {
            try
            {
                if (await target.CallAsync("resource_show", new JsonObject { ["id"] = resourceId }, ct).ConfigureAwait(false) is JsonObject shown)
                    return new TargetResource(resourceId, IsTrue(shown["datastore_active"]), shown["package_id"]?.GetValue<string>());
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
            {
            }
        }
        var datasetKeys = (table.PackageId is { } packageId ? Candidates(Ids.IdKind.Package, packageId) : []).Append(table.PackageName).OfType<string>();
        foreach (var key in datasetKeys)
        {
            try
            {
                var dataset = await target.CallAsync("package_show", new JsonObject { ["id"] = key }, ct).ConfigureAwait(false);
                if ((dataset?["resources"] as JsonArray)?.ElementAtOrDefault(table.Position) is JsonObject r && r["id"]?.GetValue<string>() is { } id)
                    return new TargetResource(id, IsTrue(r["datastore_active"]), dataset["id"]?.GetValue<string>());
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
            {
            }
        }
        return null;
    }

    private IReadOnlyList<string> Candidates(Ids.IdKind kind, string sourceId) => ids?.Candidates(kind, sourceId) ?? [sourceId];

    private static JsonObject Definition(TableDefinition table, string resourceId)
    {
        var create = new JsonObject { ["resource_id"] = resourceId, ["force"] = true, ["fields"] = table.Fields.DeepClone() };
        if (table.PrimaryKey is { Count: > 0 } key) create["primary_key"] = new JsonArray(key.Select(k => (JsonNode)k).ToArray());
        if (table.Indexes.Count > 0) create["indexes"] = new JsonArray(table.Indexes.Select(k => (JsonNode)k).ToArray());
        return create;
    }

    /// <summary>The rows from line <paramref name="from"/> on (0-based), in batches; the number in when it ended, and why it stopped short.</summary>
    private async Task<(long Done, string? Failure)> InsertAsync(TableDefinition table, string resourceId, long from, CancellationToken ct)
    {
        var columns = table.Columns;
        var numeric = table.Fields.OfType<JsonObject>().Select(f => f["type"]?.GetValue<string>() == "numeric").ToArray();
        var done = from;
        var batch = new JsonArray();
        long batchSize = 0;
        long line = 0;
        await foreach (var row in JsonLinesReader.ReadAsync(folder.RowsPath(table.ResourceId), listsAllowed: true, ct).ConfigureAwait(false))
        {
            if (line++ < from || row.IsBlank) continue;
            if (JsonNode.Parse(row.Raw.Span) is not JsonArray values || values.Count != columns.Count)
                return (done, $"{row.Where}: not a row of {columns.Count} values: dump datastore again");
            var record = new JsonObject();
            // A numeric goes as text: a JSON number would pass through a float on the way in (20.10 → 20.1).
            for (var i = 0; i < columns.Count; i++)
                record[columns[i]] = numeric[i] && values[i] is JsonValue n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number ? JsonValue.Create(n.ToJsonString()) : values[i]?.DeepClone();
            batch.Add(record);
            batchSize += row.Raw.Length;
            if (batch.Count < batchRows && batchSize < batchBytes) continue;
            if (await SendAsync(resourceId, batch, done, ct).ConfigureAwait(false) is { } failure) return (done, failure);
            done += batch.Count;
            ledger.Add(target.BaseUrl, resourceId, table, done);
            (batch, batchSize) = ([], 0);
        }
        if (batch.Count > 0)
        {
            if (await SendAsync(resourceId, batch, done, ct).ConfigureAwait(false) is { } failure) return (done, failure);
            done += batch.Count;
            ledger.Add(target.BaseUrl, resourceId, table, done);
        }
        // The count proves it: a batch that went in twice, or rows another writer added, would show here.
        var total = (await _reader.ShapeAsync(resourceId, ct).ConfigureAwait(false))?.Total ?? 0;
        return total == table.Rows ? (done, null) : (done, $"the target's table has {total:N0} rows after the load, the dump {table.Rows:N0}");
    }

    /// <summary>One batch in; null when it went in. A lost answer is settled by the target's count, not by sending it again blindly.</summary>
    private async Task<string?> SendAsync(string resourceId, JsonArray batch, long done, CancellationToken ct)
    {
        var request = new JsonObject { ["resource_id"] = resourceId, ["force"] = true, ["method"] = "insert", ["records"] = batch };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await target.CallOnceAsync("datastore_upsert", request, ct).ConfigureAwait(false);
                rows?.Advance((long)batch.Count);
                return null;
            }
            catch (CkanApiException e) when (!e.IsTransient)
            {
                return $"rows {done + 1:N0}–{done + batch.Count:N0}: {e.Describe()}";
            }
            catch (CkanApiException e)
            {
                var total = (await _reader.ShapeAsync(resourceId, ct).ConfigureAwait(false))?.Total;
                if (total == done + batch.Count)
                {
                    rows?.Advance((long)batch.Count);
                    return null; // it went in; only the answer was lost
                }
                if (total != done) return $"rows {done + 1:N0}–{done + batch.Count:N0}: the target holds {total:N0} rows after a failed batch ({e.Describe()})";
                if (attempt >= 3) return $"rows {done + 1:N0}–{done + batch.Count:N0}: {e.Describe()}, {attempt} times";
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the target's rows are the dump's: its rows read in _id order give the same checksum.</summary>
    private async Task<bool> SameRowsAsync(TableDefinition table, string resourceId, CancellationToken ct)
    {
        using var digest = new RowDigest();
        await foreach (var row in _reader.RowsAsync(resourceId, table.Fields, ct).ConfigureAwait(false)) digest.Add(row);
        return digest.Sha256() == table.Sha256;
    }

    private async Task MarkActiveAsync(string resourceId, CancellationToken ct) =>
        await target.CallAsync("resource_patch", new JsonObject { ["id"] = resourceId, ["datastore_active"] = true }, ct).ConfigureAwait(false);

    private static TableOutcome Failed(TableDefinition table, string reason, long rows = 0) => new(table.ResourceId, TableOutcomeKind.Failed, rows, reason);

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
