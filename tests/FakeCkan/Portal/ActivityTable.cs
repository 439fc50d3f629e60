using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// The activity table, oldest first, indexed by id and by object: a dump reads each dataset's stream,
/// which scanning every activity per call made quadratic on a large portal.
/// </summary>
internal sealed class ActivityTable
{
    private readonly List<JsonObject> _all = [];
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _byObject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _packages = new(StringComparer.Ordinal);

    public IReadOnlyList<JsonObject> All => _all;

    public IReadOnlyList<JsonObject> Of(string? objectId) =>
        objectId is not null && _byObject.TryGetValue(objectId, out var rows) ? rows : [];

    public JsonObject? Find(string? id) => id is not null && _byId.TryGetValue(id, out var row) ? row : null;

    /// <summary>
    /// A package activity's dataset, kept beside the row rather than in it: it is often the search
    /// index's own copy (never changed in place), which a JSON tree cannot share as a child.
    /// </summary>
    public JsonObject? Package(string? activityId) => activityId is not null && _packages.TryGetValue(activityId, out var row) ? row : null;

    public void SetPackage(string activityId, JsonObject row) => _packages[activityId] = row;

    public void Add(JsonObject row)
    {
        _all.Add(row);
        _byId[FakeCkanStore.Str(row, "id")!] = row;
        var objectId = FakeCkanStore.Str(row, "object_id") ?? "";
        if (!_byObject.TryGetValue(objectId, out var rows)) _byObject[objectId] = rows = [];
        rows.Add(row);
    }
}
