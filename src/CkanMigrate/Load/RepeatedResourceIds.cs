using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.Indexing;

namespace CkanMigrate.Load;

/// <summary>
/// The rule for resource ids that repeat (real legacy data has them: a dataset listing one resource
/// twice, or two datasets sharing one). In input order, the first resource to use an id keeps it;
/// a later one, in the same dataset or in a later record, is sent without an id so the target gives
/// it a new one. Left alone, CKAN answers 500 to the first case on every attempt, and to the second
/// either refuses the dataset (2.10.1+) or silently moves the resource out of the earlier dataset.
/// Records must pass through in input order; ids are remembered as 64-bit digests.
/// </summary>
internal sealed class RepeatedResourceIds : IDisposable
{
    private readonly SeenKeys _used = new();

    /// <summary>Drops the repeated ids from the record's resources; says which, or null when none repeat.</summary>
    public string? Apply(JsonObject record)
    {
        if (record["resources"] is not JsonArray resources) return null;
        var own = new HashSet<string>(StringComparer.Ordinal);
        var inThis = new List<string>();
        var elsewhere = new List<string>();
        foreach (var resource in resources.OfType<JsonObject>())
        {
            if (JsonText.Text(resource["id"]) is not { Length: > 0 } id) continue;
            if (!own.Add(id)) inThis.Add(id);
            else if (_used.Contains(id)) elsewhere.Add(id);
            else continue;
            resource.Remove("id");
        }
        foreach (var id in own) _used.Add(id);
        if (inThis.Count == 0 && elsewhere.Count == 0) return null;
        var parts = new List<string>();
        if (inThis.Count > 0) parts.Add($"resource id {string.Join(", ", inThis.Distinct())} repeats within this dataset");
        if (elsewhere.Count > 0) parts.Add($"resource id {string.Join(", ", elsewhere)} is already used by an earlier record");
        return string.Join("; ", parts) + ": sent without it, so the target gives the repeat a new id";
    }

    public void Dispose() => _used.Dispose();
}
