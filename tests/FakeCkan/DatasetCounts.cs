using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// Each organization's and group's package_count, computed in one pass over the datasets and kept
/// until the store changes (CKAN gets them from one Solr facet query; counting per group with a
/// scan of every dataset made a 200,000-dataset FakeCkan spend seconds per organization_list).
/// An organization counts its active datasets, private ones too for a sysadmin; a group its
/// active public ones.
/// </summary>
internal sealed class DatasetCounts
{
    private long _version;
    private readonly Dictionary<bool, (long Version, Dictionary<string, int> Counts)> _cache = [];

    /// <summary>Something that counts may have changed (a dataset, a group, their membership).</summary>
    public void Invalidate() => _version++;

    private (long Version, string Key, List<JsonObject> Matches)? _search;

    /// <summary>
    /// A search's matches in id order, without its id range, kept until the store changes: every
    /// page of a keyset listing (the same query, the range moved on) is then a slice, as Solr's
    /// sorted index gives it, instead of a scan of the whole index per page.
    /// </summary>
    public List<JsonObject> Search(string key, Func<List<JsonObject>> match)
    {
        if (_search is { } s && s.Version == _version && s.Key == key) return s.Matches;
        var matches = match();
        _search = (_version, key, matches);
        return matches;
    }

    private (long Version, Dictionary<string, int> Counts)? _created;

    /// <summary>A user's number_created_packages (active public datasets they created), from one pass kept until the store changes: CKAN counts it in SQL, not by reading every dataset per user shown.</summary>
    public int CreatedBy(FakeCkanStore store, string? userId)
    {
        if (_created is not { } cached || cached.Version != _version)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in store.Datasets.Values)
                if (Actions.Search.IsActivePublic(d) && FakeCkanStore.Str(d, "creator_user_id") is { } creator) counts[creator] = counts.GetValueOrDefault(creator) + 1;
            _created = cached = (_version, counts);
        }
        return userId is null ? 0 : cached.Counts.GetValueOrDefault(userId);
    }

    private (long Version, Dictionary<string, List<JsonObject>> Datasets)? _owned;

    /// <summary>
    /// An organization's datasets that are not deleted, oldest first (member_list's order), from one
    /// pass kept until the store changes: CKAN reads them from its member table by group id. A scan
    /// of every dataset for each organization made the dump's completeness check (one member_list
    /// per organization) half of a 50,000-dataset FakeCkan's work in the dump benchmark.
    /// </summary>
    public IReadOnlyList<JsonObject> OwnedBy(FakeCkanStore store, string? orgId)
    {
        if (_owned is not { } cached || cached.Version != _version)
        {
            var owned = store.Datasets.Values
                .Where(d => FakeCkanStore.Str(d, "state") != "deleted" && FakeCkanStore.Str(d, "owner_org") is not null)
                .GroupBy(d => FakeCkanStore.Str(d, "owner_org")!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderBy(d => FakeCkanStore.Str(d, "metadata_created"), StringComparer.Ordinal).ToList(), StringComparer.Ordinal); // stable, as the scan's OrderBy was
            _owned = cached = (_version, owned);
        }
        return orgId is not null && cached.Datasets.TryGetValue(orgId, out var datasets) ? datasets : [];
    }

    public int Of(FakeCkanStore store, JsonObject group, bool sysadmin)
    {
        if (!_cache.TryGetValue(sysadmin, out var cached) || cached.Version != _version)
            _cache[sysadmin] = cached = (_version, Count(store, sysadmin));
        return cached.Counts.GetValueOrDefault(FakeCkanStore.Str(group, "id") ?? "");
    }

    private static Dictionary<string, int> Count(FakeCkanStore store, bool sysadmin)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupIdByName = store.Groups.Values.Where(g => !FakeCkanStore.IsOrg(g))
            .Select(g => (Name: FakeCkanStore.Str(g, "name"), Id: FakeCkanStore.Str(g, "id"))).Where(p => p.Name is not null && p.Id is not null)
            .GroupBy(p => p.Name!).ToDictionary(p => p.Key, p => p.First().Id!, StringComparer.Ordinal);
        foreach (var d in store.Datasets.Values)
        {
            if (FakeCkanStore.Str(d, "state") != "active") continue;
            var isPrivate = d["private"]?.GetValue<bool>() == true;
            if ((sysadmin || !isPrivate) && FakeCkanStore.Str(d, "owner_org") is { } org) counts[org] = counts.GetValueOrDefault(org) + 1;
            if (isPrivate) continue;
            var groups = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in (d["groups"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (FakeCkanStore.Str(entry, "id") is { } id && store.Groups.ContainsKey(id)) groups.Add(id);
                else if (FakeCkanStore.Str(entry, "name") is { } name && groupIdByName.TryGetValue(name, out var byName)) groups.Add(byName);
            }
            foreach (var g in groups) counts[g] = counts.GetValueOrDefault(g) + 1;
        }
        return counts;
    }
}
