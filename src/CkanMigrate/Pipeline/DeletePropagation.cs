using System.Diagnostics;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.Pipeline;

/// <summary>
/// Datasets that left the source, found and confirmed before anything is deleted. A dataset the
/// last run saw that this dump lacks is only a candidate: it may have failed to list or fetch. It is
/// gone when the source's package_show says so (not found, or state deleted); anything else, an
/// error included, keeps it. With a folder as the source there is no site to ask: a dataset absent
/// from it counts only when the folder records a complete dump (see <see cref="Dump.CompleteDumps"/>).
/// On the target the copy is found as the loader finds it (id, then name) and deleted by its own id.
/// </summary>
/// <param name="ids">how the target holds the source's ids (a dataset whose legacy id it refused is under its derived id); null: as they are</param>
internal sealed class DeletePropagation(RecordLog log, Ids.TargetIds? ids = null)
{
    /// <summary>
    /// Splits the candidates into gone (id → name) and kept: still at the source, or, for a folder
    /// source (<paramref name="source"/> null), absent from a folder that cannot vouch for its file
    /// (<paramref name="folderNotComplete"/> says why).
    /// </summary>
    public async Task<(Dictionary<string, string?> Gone, List<string> Kept)> ConfirmAsync(
        IReadOnlyDictionary<string, string?> candidates, CkanClient? source, string? folderNotComplete, CancellationToken ct)
    {
        var gone = new Dictionary<string, string?>(StringComparer.Ordinal);
        var kept = new List<string>();
        foreach (var (id, name) in candidates.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var (isGone, outcome, why) = source is not null ? await AskAsync(source, id, ct).ConfigureAwait(false)
                : folderNotComplete is null ? (true, "absent", "absent from the source folder's complete dump")
                : (false, "not proven", $"absent from the source folder, which proves nothing: {folderNotComplete}");
            if (isGone) gone[id] = name;
            else kept.Add(id);
            log.Write(new JsonObject { ["id"] = id, ["name"] = name, ["outcome"] = outcome, ["reason"] = why });
        }
        return (gone, kept);
    }

    private static async Task<(bool Gone, string Outcome, string Why)> AskAsync(CkanClient source, string id, CancellationToken ct)
    {
        try
        {
            var shown = await source.CallAsync("package_show", new JsonObject { ["id"] = id }, ct).ConfigureAwait(false) as JsonObject;
            var state = shown?["state"]?.ToString();
            return state == "deleted" ? (true, "gone", "package_show: state deleted") : (false, "still at the source", $"package_show: state {state ?? "(none)"}; missing from this dump only");
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return (true, "gone", "package_show: not found");
        }
        catch (CkanApiException e)
        {
            return (false, "still at the source", $"not confirmed gone: {e.Describe()}");
        }
    }

    /// <summary>Deletes the target's copy of each dataset; returns the outcome counts and those still to delete.</summary>
    public async Task<(StageResult Result, Dictionary<string, string?> NotDone)> DeleteAsync(
        IReadOnlyDictionary<string, string?> gone, CkanClient target, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long deleted = 0, absent = 0, failed = 0;
        var notDone = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (id, name) in gone.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var entry = new JsonObject { ["id"] = id, ["name"] = name };
            try
            {
                var (copy, how) = await FindAsync(target, id, name, ct).ConfigureAwait(false);
                if (copy is null || copy["state"]?.ToString() == "deleted")
                {
                    absent++;
                    entry["outcome"] = "not on target";
                }
                else
                {
                    var targetId = copy["id"]!.ToString();
                    await target.CallAsync("package_delete", new JsonObject { ["id"] = targetId }, ct).ConfigureAwait(false);
                    deleted++;
                    entry["outcome"] = "deleted";
                    if (how is not null) entry["note"] = $"deleted the target's {targetId}, matched by {how}";
                }
            }
            catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
            {
                failed++;
                notDone[id] = name;
                entry["outcome"] = "failed";
                entry["error"] = $"{name ?? id}: {e.Describe()}";
            }
            log.Write(entry);
        }
        var result = new StageResult("delete", "datasets", [("deleted", deleted), ("not on target", absent), ("failed", failed)], clock.Elapsed.TotalSeconds)
        {
            Read = gone.Count,
        };
        return (result, notDone);
    }

    /// <summary>Where the target may hold a source dataset: its id, or the id derived from a legacy one it refused.</summary>
    private IReadOnlyList<string> Candidates(string id) => ids?.Candidates(Ids.IdKind.Package, id) ?? [id];

    /// <summary>
    /// The target's copy: by id (or the id derived from it), then by name (a target without ids on
    /// create gave its own); and how it was found when not by the source's own id.
    /// </summary>
    private async Task<(JsonObject? Copy, string? How)> FindAsync(CkanClient target, string id, string? name, CancellationToken ct)
    {
        var keys = Candidates(id).Select(k => (Key: (string?)k, How: k == id ? null : "the id derived from the source's")).Append((name, "name"));
        foreach (var (key, how) in keys)
        {
            if (key is null) continue;
            try
            {
                if (await target.CallAsync("package_show", new JsonObject { ["id"] = key }, ct).ConfigureAwait(false) is JsonObject shown) return (shown, how);
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
            {
            }
        }
        return (null, null);
    }
}
