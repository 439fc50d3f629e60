using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// The resource_view table, indexed by view id and by resource: a dump lists the views of every
/// resource, which scanning one list per call made quadratic on a portal with tens of thousands.
/// Rows: id, resource_id, title, description, view_type, order, config.
/// </summary>
internal sealed class ViewTable
{
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _byResource = new(StringComparer.Ordinal);

    public JsonObject? Find(string? id) => id is not null && _byId.TryGetValue(id, out var row) ? row : null;

    /// <summary>A resource's views by their order (ties: as added).</summary>
    public IReadOnlyList<JsonObject> Of(string resourceId) =>
        _byResource.TryGetValue(resourceId, out var rows) ? rows.OrderBy(Order).ToList() : [];

    /// <summary>After the last view of the resource; 0 for its first.</summary>
    public int NextOrder(string resourceId) =>
        _byResource.TryGetValue(resourceId, out var rows) && rows.Count > 0 ? rows.Max(Order) + 1 : 0;

    public void Add(JsonObject row)
    {
        _byId[FakeCkanStore.Str(row, "id")!] = row;
        var resourceId = FakeCkanStore.Str(row, "resource_id")!;
        if (!_byResource.TryGetValue(resourceId, out var rows)) _byResource[resourceId] = rows = [];
        rows.Add(row);
    }

    public void Remove(JsonObject row)
    {
        _byId.Remove(FakeCkanStore.Str(row, "id")!);
        if (_byResource.TryGetValue(FakeCkanStore.Str(row, "resource_id")!, out var rows)) rows.Remove(row);
    }

    /// <summary>A view moved to another resource (resource_view_update with a resource_id).</summary>
    public void Move(JsonObject row, string resourceId)
    {
        Remove(row);
        row["resource_id"] = resourceId;
        Add(row);
    }

    /// <summary>Every view matching, removed (resource_view_clear).</summary>
    public void RemoveWhere(Func<JsonObject, bool> match)
    {
        foreach (var row in _byId.Values.Where(match).ToList()) Remove(row);
    }

    private static int Order(JsonObject row) => row["order"]?.GetValue<int>() ?? 0;
}
