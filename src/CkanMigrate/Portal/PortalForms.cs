using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal;

/// <summary>What every portal kind's comparable form shares with the core kinds' (<see cref="ComparableForm"/>).</summary>
internal static class PortalForms
{
    /// <summary>EmptyEqualsMissing and NumbersAsText, everywhere; object keys in ordinal order, list order kept (it means something here).</summary>
    public static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (Canonical(value) is { } kept) result[key] = kept;
                return result.Count == 0 ? null : result;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var item in a) items.Add(Canonical(item) ?? JsonValue.Create(""));
                return items.Count == 0 ? null : items;
            default:
                return RepresentationRules.IsEmpty(node) ? null : RepresentationRules.Scalar(node);
        }
    }

    /// <summary>A node taken out of the answer it came in (a call's result hangs in CKAN's envelope), so it can be put in a record without a copy.</summary>
    public static T Detached<T>(T node) where T : JsonNode
    {
        if (node.Parent is JsonObject parent) parent.Remove(node.GetPropertyName());
        else if (node.Parent is JsonArray list) list.Remove(node);
        return node;
    }
}
