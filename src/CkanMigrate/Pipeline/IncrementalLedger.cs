using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Filter;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Pipeline;

/// <summary>
/// What an incremental run remembers between runs, beside the high-water mark in state.json: the
/// source's datasets with their visibility (to find deletions and bulk changes) and the datasets
/// still pending (rejected or failed), and what it reads from the source before listing.
/// </summary>
internal sealed class IncrementalLedger(string workFolder, RunState state)
{
    /// <summary>The source's datasets as dumped by this run: id → visibility (private/public and state) and name, in one pass.</summary>
    public static async Task<Dictionary<string, SourceDataset>> SourceDatasetsAsync(string dump, CancellationToken ct)
    {
        var datasets = new Dictionary<string, SourceDataset>(StringComparer.Ordinal);
        await foreach (var line in JsonLinesReader.ReadAsync(dump, ct).ConfigureAwait(false))
            if (!line.IsBlank && line.TryParseObject(out var record, out _) && record!["id"] is JsonValue v && v.TryGetValue<string>(out var id))
                datasets[id] = new SourceDataset(
                    Visibility(record["private"] is JsonValue p && p.TryGetValue<bool>(out var b) ? b : null, record["state"]?.ToString()),
                    record["name"]?.ToString());
        return datasets;
    }

    /// <summary>Whether a successful run left its list of the source's datasets to compare with.</summary>
    public bool HasPrevious => File.Exists(Path.Combine(workFolder, SourceDatasetsFile)) || File.Exists(Path.Combine(workFolder, EarlierIdsFile));

    /// <summary>The same list as the last successful run wrote it (empty on a first run).</summary>
    public Dictionary<string, SourceDataset> PreviousSourceDatasets()
    {
        var datasets = new Dictionary<string, SourceDataset>(StringComparer.Ordinal);
        var list = Path.Combine(workFolder, SourceDatasetsFile);
        var idsOnly = Path.Combine(workFolder, EarlierIdsFile);
        if (File.Exists(list))
        {
            foreach (var line in File.ReadLines(list))
                if (line.Split('\t') is [{ Length: > 0 } id, var visibility, .. var rest])
                    datasets[id] = new SourceDataset(visibility is { Length: > 0 } ? visibility : null, rest is [{ Length: > 0 } name, ..] ? name : null);
        }
        else if (File.Exists(idsOnly)) // a work folder from before the visibility was kept: ids only, nothing to compare
        {
            foreach (var id in File.ReadLines(idsOnly).Where(id => id.Length > 0)) datasets[id] = new SourceDataset(null, null);
        }
        return datasets;
    }

    /// <summary>Datasets confirmed gone at the source and not yet deleted on the target: id → name.</summary>
    public Dictionary<string, string?> PendingDeletes()
    {
        var pending = new Dictionary<string, string?>(StringComparer.Ordinal);
        var path = Path.Combine(workFolder, PendingDeletesFile);
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (line.Split('\t') is [{ Length: > 0 } id, .. var rest])
                    pending[id] = rest is [{ Length: > 0 } name, ..] ? name : null;
        return pending;
    }

    /// <summary>The ids-only list earlier versions wrote, still read so deletions are not missed after an upgrade.</summary>
    private const string EarlierIdsFile = "source-dataset-ids.txt";

    /// <summary>Every source dataset id with its visibility and name, from the last successful run: for deletions and bulk changes.</summary>
    private const string SourceDatasetsFile = "source-datasets.tsv";

    /// <summary>
    /// Datasets confirmed gone at the source that are still on the target (the run had no
    /// --propagate-deletes, or the delete failed): kept until a run deletes them, so the report's
    /// advice to re-run with the flag holds.
    /// </summary>
    private const string PendingDeletesFile = "deletes-pending.tsv";

    /// <summary>The newest metadata_modified at the source now (private and drafts included where the version can).</summary>
    public static async Task<string?> NewestModifiedAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        var parameters = new JsonObject { ["q"] = "*:*", ["rows"] = 1, ["sort"] = "metadata_modified desc", ["facet"] = "false" };
        if (site.Capabilities.SearchIncludePrivate) parameters["include_private"] = true;
        if (site.Capabilities.SearchIncludeDrafts) parameters["include_drafts"] = true;
        var page = await client.CallAsync("package_search", parameters, ct).ConfigureAwait(false) as JsonObject;
        return (page?["results"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["metadata_modified"]?.ToString();
    }

    /// <summary>
    /// Records to carry whatever their timestamp: those still pending from the last run (rejected or
    /// failed), those whose private flag or state changed since it (CKAN's bulk actions do not
    /// touch metadata_modified), and those the last run did not see at all (an index that lagged
    /// then, or a dataset made visible since, may carry an older timestamp than the mark).
    /// </summary>
    public Func<FilterKey, bool> KeepAnyway()
    {
        var pending = state.Pending.ToHashSet(StringComparer.Ordinal);
        var seen = PreviousSourceDatasets();
        return key =>
            (key.Id is { } id && pending.Contains(id)) || (key.Name is { } name && pending.Contains(name))
            || (key.Id is { } known && seen.TryGetValue(known, out var before) && before.Visibility is not null && before.Visibility != Visibility(key.Private, key.State))
            || (seen.Count > 0 && key.Id is { } fresh && !seen.ContainsKey(fresh));
    }

    private static string Visibility(bool? isPrivate, string? state) => $"{(isPrivate == true ? "private" : "public")}/{state ?? "active"}";

    /// <summary>Datasets this run did not carry: load rejects, convert rejects and dump failures, read back from the stage logs.</summary>
    public async Task<List<string>> PendingAsync(CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var log in new[] { "1-dump", "2-convert", "4-load" }.Select(stage => Path.Combine(workFolder, stage, "datasets.log")))
        {
            if (!File.Exists(log)) continue;
            await foreach (var line in JsonLinesReader.ReadAsync(log, ct).ConfigureAwait(false))
            {
                if (line.IsBlank || !line.TryParseObject(out var entry, out _)) continue;
                if (entry!["outcome"]?.ToString() is not ("rejected" or "failed")) continue;
                var key = entry["id"]?.ToString() ?? entry["name"]?.ToString() ?? entry["key"]?.ToString();
                if (!string.IsNullOrEmpty(key)) keys.Add(key);
            }
        }
        return keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes, for the next run, the source's datasets and the deletes still to make (temp file, then rename).</summary>
    public async Task SaveAsync(IReadOnlyDictionary<string, SourceDataset> datasets, IReadOnlyDictionary<string, string?> pendingDeletes, CancellationToken ct)
    {
        await WriteLinesAsync(Path.Combine(workFolder, SourceDatasetsFile),
            datasets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value.Visibility}\t{p.Value.Name}"), ct).ConfigureAwait(false);
        await WriteLinesAsync(Path.Combine(workFolder, PendingDeletesFile),
            pendingDeletes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}"), ct).ConfigureAwait(false);
    }

    private static async Task WriteLinesAsync(string path, IEnumerable<string> lines, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllLinesAsync(temp, lines, ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
