using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;
using CkanMigrate.Reporting;

namespace CkanMigrate.Load;

/// <summary>
/// An organization's (or group's) parents, its <c>groups</c>, set after every record of the load
/// is in. CKAN's hierarchy check (no_loops_in_hierarchy) asserts that a group whose write carries an
/// id already exists, so a create with an id and a parent is an HTTP 500 whether the parent exists
/// or not; without an id, a parent not there yet is dropped without a word; and an update naming a
/// parent the site lacks is refused whole. So records are written without parents, and here each
/// one's parents that the target has (or that this load brought) are linked with one patch; a parent
/// the target lacks is reported as not kept.
/// </summary>
internal sealed class ParentLinks(CkanClient client, CkanSiteInfo site, EntityDescriptor entity, bool dryRun)
{
    private readonly List<(LoadResult Result, IReadOnlyList<string> Parents)> _wanted = [];
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);

    /// <summary>Notes each finished record: what exists after the load, and who wants parents.</summary>
    public void Note(LoadResult result)
    {
        if (result.Outcome is not (LoadOutcome.Created or LoadOutcome.Updated or LoadOutcome.Unchanged)) return;
        if (result.Name is { } name) _loaded.Add(name);
        if (result.Id is { } id) _loaded.Add(id);
        if (result.Parents.Count > 0) _wanted.Add((result, result.Parents));
    }

    /// <summary>Links what can be linked; logs each record touched; counts what was not kept in <paramref name="summary"/>.</summary>
    public async Task<ParentSummary> LinkAsync(RecordLog log, LoadSummary summary, CancellationToken ct)
    {
        var counts = new ParentSummary();
        var exists = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (result, parents) in _wanted)
        {
            var present = new List<string>();
            var missing = new List<string>();
            foreach (var parent in parents)
            {
                if (!exists.TryGetValue(parent, out var there)) exists[parent] = there = _loaded.Contains(parent) || await ExistsAsync(parent, ct).ConfigureAwait(false);
                (there ? present : missing).Add(parent);
            }
            var entry = new JsonObject { ["line"] = result.Line.Number, ["id"] = result.Id, ["name"] = result.Name, ["outcome"] = "parents" };
            if (!Possible) (missing, present) = ([.. missing, .. present], []); // before 2.3 there is no *_patch to link with
            try
            {
                if (present.Count > 0 && !dryRun)
                    await client.CallAsync(entity.PatchAction!, new JsonObject
                    {
                        ["id"] = result.Id,
                        ["groups"] = new JsonArray(present.Select(p => (JsonNode)new JsonObject { ["name"] = p }).ToArray()),
                    }, ct).ConfigureAwait(false);
                counts.Linked += present.Count;
                entry["note"] = present.Count > 0 ? $"parents {(dryRun ? "to link" : "linked")}: {string.Join(", ", present)}" : null;
            }
            catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
            {
                missing.AddRange(present);
                entry["error"] = $"{result.Name ?? result.Id}: its parents could not be linked: {e.Describe()}";
            }
            if (missing.Count > 0)
            {
                counts.NotKept += missing.Count;
                var notKept = missing.Select(p => $"groups.{p}").ToList();
                summary.CountNotKept(notKept);
                entry["not_kept"] = new JsonArray(notKept.Select(n => (JsonNode)n).ToArray());
                entry["note"] = $"{entry["note"]}{(entry["note"] is null ? "" : "; ")}not on the target, so not linked: {string.Join(", ", missing)}";
            }
            log.Write(entry);
        }
        return counts;
    }

    private async Task<bool> ExistsAsync(string parent, CancellationToken ct)
    {
        try
        {
            return await client.CallAsync(entity.ShowAction, new JsonObject { ["id"] = parent }, ct).ConfigureAwait(false) is JsonObject shown
                   && JsonText.Text(shown["state"]) != "deleted";
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound or CkanErrorKind.NotAuthorized)
        {
            return false;
        }
    }

    /// <summary>Whether the target can take a hierarchy at all: linking needs *_patch (2.3+).</summary>
    public bool Possible => entity.PatchAction is not null && site.Capabilities.Patch;
}

/// <summary>Parent links made (or, in a dry run, to make) and parents the target lacks.</summary>
internal sealed class ParentSummary
{
    public long Linked { get; set; }
    public long NotKept { get; set; }
}
