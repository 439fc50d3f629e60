using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;
using CkanMigrate.JsonLines;
using CkanMigrate.Indexing;
using CkanMigrate.Entities;

namespace CkanMigrate.Pipeline;

/// <summary>
/// What an incremental run remembers between runs, beside the high-water mark in state.json: the
/// source's datasets with their visibility (to find deletions and bulk changes) and the datasets
/// still pending (rejected or failed), and what it reads from the source before listing. Nothing
/// is held per dataset but digests: the lists are files, read as streams, so a catch-up of a
/// million-dataset portal neither fills memory nor sorts a million strings.
/// </summary>
/// <param name="scratchFolder">where the next run's list is written before it is put in place (a dry run's own folder, which never replaces it)</param>
internal sealed class IncrementalLedger(string workFolder, RunState state, string? scratchFolder = null) : IDisposable
{
    private PreviousDatasets? _previous;

    /// <summary>Whether a successful run left its list of the source's datasets to compare with.</summary>
    public bool HasPrevious => File.Exists(Path.Combine(workFolder, SourceDatasetsFile)) || File.Exists(Path.Combine(workFolder, EarlierIdsFile));

    /// <summary>The last successful run's list, line by line: id, visibility (null in an ids-only list) and name.</summary>
    private IEnumerable<(string Id, string? Visibility, string? Name)> PreviousLines()
    {
        var list = Path.Combine(workFolder, SourceDatasetsFile);
        var idsOnly = Path.Combine(workFolder, EarlierIdsFile);
        if (File.Exists(list))
        {
            foreach (var line in File.ReadLines(list))
                if (line.Split('\t') is [{ Length: > 0 } id, var visibility, .. var rest])
                    yield return (id, visibility is { Length: > 0 } ? visibility : null, rest is [{ Length: > 0 } name, ..] ? name : null);
        }
        else if (File.Exists(idsOnly)) // a work folder from before the visibility was kept: ids only, nothing to compare
        {
            foreach (var id in File.ReadLines(idsOnly).Where(id => id.Length > 0)) yield return (id, null, null);
        }
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

    /// <summary>
    /// The ids of the datasets a dump or listing holds, as digests (top-level fields only, no record
    /// parsed); in the same pass the next run's list is written beside the current one, to be put in
    /// its place by <see cref="SaveAsync"/> once this run has succeeded.
    /// </summary>
    public async Task<SeenKeys> ReadCurrentAsync(string datasets, CancellationToken ct)
    {
        var ids = new SeenKeys();
        await using var writer = new StreamWriter(NextListPath);
        await foreach (var key in KeysInAsync(datasets, ct).ConfigureAwait(false))
        {
            ids.Add(key.Id);
            await writer.WriteLineAsync($"{key.Id}\t{Visibility(key.Private, key.State)}\t{key.Name}".AsMemory(), ct).ConfigureAwait(false);
        }
        return ids;
    }

    private string NextListPath => Path.Combine(scratchFolder ?? workFolder, SourceDatasetsFile + ".tmp");

    /// <summary>
    /// Datasets the last run saw (or was still to delete) that the source's list now lacks:
    /// the candidates for deletion, id → name, with the last run's line of each (null for one only
    /// pending deletion: a dataset found still at the source is carried only if the list had it).
    /// </summary>
    public Dictionary<string, (string? Name, string? Line)> Missing(SeenKeys current)
    {
        var missing = new Dictionary<string, (string? Name, string? Line)>(StringComparer.Ordinal);
        foreach (var (id, visibility, name) in PreviousLines())
            if (!current.Contains(id)) missing[id] = (name, $"{id}\t{visibility}\t{name}");
        foreach (var (id, name) in PendingDeletes())
            if (!current.Contains(id)) missing.TryAdd(id, (name, null));
        return missing;
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
    /// then, or a dataset made visible since, may carry an older timestamp than the mark). The last
    /// run's list is read once, into digests; the rule may be asked from several threads at once.
    /// </summary>
    public Func<FilterKey, bool> KeepAnyway()
    {
        var pending = state.Pending.ToHashSet(StringComparer.Ordinal);
        var seen = _previous ??= PreviousDatasets.Read(PreviousLines());
        return key =>
        {
            if ((key.Id is { } id && pending.Contains(id)) || (key.Name is { } name && pending.Contains(name))) return true;
            if (key.Id is null || seen.Count == 0) return false;
            if (!seen.TryFind(key.Id, out var before)) return true; // new to the last run's list
            return before is not null && before != Visibility(key.Private, key.State);
        };
    }

    private static string Visibility(bool? isPrivate, string? state) => $"{(isPrivate == true ? "private" : "public")}/{state ?? "active"}";

    /// <summary>Datasets this run did not carry: load rejects, convert rejects and dump failures, read back from the stage logs under <paramref name="stageRoot"/>.</summary>
    public async Task<List<string>> PendingAsync(string stageRoot, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        // A portal kind's rejected record names its dataset: that dataset is carried again with it.
        var portalLogs = Portal.PortalKinds.All.Select(kind => Path.Combine(stageRoot, "4-load", $"{kind.CliName}.log"));
        foreach (var log in new[] { "1-dump", "2-convert", "4-load" }.Select(stage => Path.Combine(stageRoot, stage, "datasets.log")).Concat(portalLogs))
        {
            if (!File.Exists(log)) continue;
            var datasets = Path.GetFileName(log) == "datasets.log";
            await foreach (var line in JsonLinesReader.ReadAsync(log, ct).ConfigureAwait(false))
            {
                if (line.IsBlank || !line.TryParseObject(out var entry, out _)) continue;
                if (entry!["outcome"]?.ToString() is not ("rejected" or "failed")) continue;
                var key = datasets ? entry["id"]?.ToString() ?? entry["name"]?.ToString() ?? entry["key"]?.ToString() : entry["dataset"]?.ToString();
                if (!string.IsNullOrEmpty(key)) keys.Add(key);
            }
        }
        return keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Puts the next run's list in place (written by <see cref="ReadCurrentAsync"/>, in the dump's or
    /// listing's order) with the earlier lines of datasets still at the source though missing from
    /// it appended, and writes the deletes still to make (temp file, then rename).
    /// </summary>
    public async Task SaveAsync(IEnumerable<string> carriedLines, IReadOnlyDictionary<string, string?> pendingDeletes, CancellationToken ct)
    {
        await File.AppendAllLinesAsync(NextListPath, carriedLines, ct).ConfigureAwait(false);
        File.Move(NextListPath, Path.Combine(workFolder, SourceDatasetsFile), overwrite: true);
        await WriteLinesAsync(Path.Combine(workFolder, PendingDeletesFile),
            pendingDeletes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}"), ct).ConfigureAwait(false);
    }

    /// <summary>The key fields of each dataset in a dump or listing that has an id.</summary>
    private static async IAsyncEnumerable<FilterKey> KeysInAsync(string datasets, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in JsonLinesReader.ReadAsync(datasets, ct).ConfigureAwait(false))
        {
            if (line.IsBlank) continue;
            FilterKey key;
            try
            {
                if (!TopLevelKey.TryRead(line.Raw.Span, out _, out key)) continue;
            }
            catch (System.Text.Json.JsonException)
            {
                continue; // a broken line was the dump's failure to report, not the ledger's
            }
            if (key.Id is { Length: > 0 }) yield return key;
        }
    }

    public void Dispose() => _previous?.Dispose();

    private static async Task WriteLinesAsync(string path, IEnumerable<string> lines, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllLinesAsync(temp, lines, ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
