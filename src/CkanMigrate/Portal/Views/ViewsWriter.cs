using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Views;

/// <summary>
/// Makes a target resource's views exactly the source's: views the target has and the source does
/// not (the ones CKAN made by itself, ckan.views.default_views) are deleted, differing ones updated
/// with every field (resource_view_update drops a type setting not sent; there is no
/// resource_view_patch), missing ones created, and the order set with resource_view_reorder.
/// Deletes are hard (recorded on 2.10 and 2.11), which is what a source that deleted a view means.
/// </summary>
internal sealed class ViewsWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private CkanClient Client => target.Client;

    public IReadOnlyDictionary<string, long> Writes => _writes.Counts;

    public Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public string? CannotHold(JsonObject record) => ViewTypes.Lacking(Views(record), target.Site);

    /// <summary>
    /// The views of the resource's copy: the resource by id, else the resource at the same position
    /// in the target's copy of its dataset (matched by id, then name, as datasets are loaded).
    /// </summary>
    public async Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct)
    {
        var resourceId = JsonText.NonEmpty(record["resource_id"])!;
        if (await ListAsync(resourceId, ct).ConfigureAwait(false) is { } views) return Copy(resourceId, views);
        var place = ResourcePlace.Of(record);
        var resources = place is null ? null : await ResourcesAsync(place, ct).ConfigureAwait(false);
        if (resources is null)
            return target.DryRun ? PortalMatch.None // its dataset is still to be created by this run
                : PortalMatch.Refuse($"resource {resourceId}{(place is null ? "" : $" of dataset {place.DatasetName ?? place.DatasetId}")} is not on the target: load its dataset first");
        if (place!.Position >= resources.Length || resources[place.Position] is not { } matched)
            return PortalMatch.Refuse($"resource {resourceId} is not on the target: its dataset {place.DatasetName ?? place.DatasetId} there has no resource at position {place.Position}");
        return Copy(matched, await ListAsync(matched, ct).ConfigureAwait(false) ?? []);
    }

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        var resourceId = JsonText.NonEmpty(existing?["resource_id"]) ?? JsonText.NonEmpty(record["resource_id"])!;
        var wanted = Views(record);
        var held = existing is null ? [] : Views(existing);
        var plan = ViewPairing.Between(wanted, held);
        var done = new List<string>();
        var refused = new List<string>();

        foreach (var extra in plan.Extra)
            await Client.CallAsync("resource_view_delete", new JsonObject { ["id"] = extra["id"]?.DeepClone() }, ct).ConfigureAwait(false);
        Count(done, "deleted", plan.Extra.Count);

        var order = new List<string>();
        var updated = 0;
        var created = new List<string>();
        foreach (var (view, copy) in plan.Wanted)
        {
            if (copy is not null)
            {
                if (!JsonNode.DeepEquals(ViewForm.Comparable(view), ViewForm.Comparable(copy)))
                {
                    var write = ViewForm.Write(view, resourceId, null);
                    write["id"] = copy["id"]?.DeepClone();
                    await Client.CallAsync("resource_view_update", write, ct).ConfigureAwait(false);
                    updated++;
                }
                order.Add(JsonText.NonEmpty(copy["id"])!);
                continue;
            }
            if (ViewTypes.Lacking([view], target.Site) is { } lacking)
            {
                refused.Add(lacking);
                continue;
            }
            switch (await CreateAsync(view, resourceId, ct).ConfigureAwait(false))
            {
                case { Id: { } id }:
                    created.Add(id);
                    order.Add(id);
                    break;
                case { Refused: { } reason }:
                    refused.Add(reason);
                    break;
            }
        }
        Count(done, "updated", updated);
        Count(done, "created", created.Count);

        // Kept views stay in their order and new ones go last; only a different order is written.
        var standing = plan.Wanted.Where(p => p.Copy is not null).Select(p => JsonText.NonEmpty(p.Copy!["id"])!)
            .OrderBy(id => held.FindIndex(h => JsonText.NonEmpty(h["id"]) == id)).Concat(created).ToList();
        if (!order.SequenceEqual(standing, StringComparer.Ordinal))
        {
            await Client.CallAsync("resource_view_reorder", new JsonObject { ["id"] = resourceId, ["order"] = new JsonArray(order.Select(id => (JsonNode)id).ToArray()) }, ct).ConfigureAwait(false);
            _writes.Add("resources reordered");
            done.Add("reordered");
        }
        var note = done.Count == 0 ? null : string.Join(", ", done);
        if (refused.Count > 0) return new PortalWrite(LoadOutcome.Rejected, note is null ? null : $"the rest was written: {note}", string.Join("; ", refused));
        return new PortalWrite(held.Count == 0 ? LoadOutcome.Created : LoadOutcome.Updated, note);
    }

    /// <summary>
    /// One view made on the target, keeping its id where the target takes one: 2.11 keeps the UUID a
    /// sysadmin sends, 2.10 refuses any id ("__extras", recorded). Nothing is guessed from the
    /// version: the id is sent until a create refused with it goes through without it, and from
    /// then on never (a refused create writes nothing, so the lesson costs one call).
    /// </summary>
    private async Task<(string? Id, string? Refused)> CreateAsync(JsonObject view, string resourceId, CancellationToken ct)
    {
        var keepId = target.Site.WritesAsSysadmin && Volatile.Read(ref _idsRefused) == 0 && Guid.TryParse(JsonText.NonEmpty(view["id"]), out _)
            ? JsonText.NonEmpty(view["id"]) : null;
        try
        {
            try
            {
                return (await CreateOnceAsync(ViewForm.Write(view, resourceId, keepId), ct).ConfigureAwait(false), null);
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && keepId is not null && (e.FieldErrors?["id"] is not null || e.FieldErrors?["__extras"] is not null))
            {
                var made = await CreateOnceAsync(ViewForm.Write(view, resourceId, null), ct).ConfigureAwait(false);
                if (e.FieldErrors?["__extras"] is not null) Volatile.Write(ref _idsRefused, 1); // the id was what it refused
                return (made, null);
            }
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && ViewTypes.NoPlugin(e) is { } message)
        {
            return (null, $"view {ViewForm.Describe(view)}: the target has no plugin for it ({message})");
        }
    }

    /// <summary>1 once the target has shown it takes no view ids.</summary>
    private int _idsRefused;

    private async Task<string?> CreateOnceAsync(JsonObject write, CancellationToken ct)
    {
        var made = await Client.CallAsync("resource_view_create", write, ct).ConfigureAwait(false) as JsonObject;
        return JsonText.NonEmpty(made?["id"]);
    }

    private void Count(List<string> done, string what, int count)
    {
        if (count == 0) return;
        _writes.Add($"views {what}", count);
        done.Add($"{count} {what}");
    }

    /// <summary>A resource's views on the target, or null when the target has no resource of that id.</summary>
    private async Task<JsonArray?> ListAsync(string resourceId, CancellationToken ct)
    {
        try
        {
            return await Client.CallAsync("resource_view_list", new JsonObject { ["id"] = resourceId }, ct).ConfigureAwait(false) as JsonArray ?? [];
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The resource ids of the target's copy of the dataset, in order, or null when it has none. A
    /// dataset's resources come one after another, so its answer is kept for the next few (a bounded
    /// memory: a dry run of a new portal asks once per dataset, not once per resource).
    /// </summary>
    private async Task<string?[]?> ResourcesAsync(ResourcePlace place, CancellationToken ct)
    {
        var key = place.DatasetId ?? place.DatasetName!;
        if (_recent.TryGetValue(key, out var known)) return known;
        string?[]? found = null;
        foreach (var idOrName in new[] { place.DatasetId, place.DatasetName })
        {
            if (idOrName is null) continue;
            try
            {
                if (await Client.CallAsync("package_show", new JsonObject { ["id"] = idOrName }, ct).ConfigureAwait(false) is JsonObject dataset
                    && JsonText.NonEmpty(dataset["state"]) != "deleted")
                {
                    found = (dataset["resources"] as JsonArray ?? []).Select(r => JsonText.NonEmpty((r as JsonObject)?["id"])).ToArray();
                    break;
                }
            }
            catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound or CkanErrorKind.NotAuthorized)
            {
            }
        }
        if (_recent.Count >= RecentDatasets) _recent.Clear();
        _recent[key] = found;
        return found;
    }

    private const int RecentDatasets = 256;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?[]?> _recent = new(StringComparer.Ordinal);

    private static PortalMatch Copy(string resourceId, JsonArray views) => new(new JsonObject { ["resource_id"] = resourceId, ["views"] = PortalForms.Detached(views) });

    private static List<JsonObject> Views(JsonObject record) => (record["views"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
