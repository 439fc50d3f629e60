using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal;

/// <summary>What every portal kind's comparable form shares with the core kinds' (<see cref="ComparableForm"/>).</summary>
internal static class PortalForms
{
    /// <summary>The core kinds' canonical form (<see cref="ComparableForm.Canonical"/>): empty equals missing, numbers as text, keys ordered, list order kept.</summary>
    public static JsonNode? Canonical(JsonNode? node) => ComparableForm.Canonical(node);

    /// <summary>A node taken out of the answer it came in (a call's result hangs in CKAN's envelope), so it can be put in a record without a copy.</summary>
    public static T Detached<T>(T node) where T : JsonNode
    {
        if (node.Parent is JsonObject parent) parent.Remove(node.GetPropertyName());
        else if (node.Parent is JsonArray list) list.Remove(node);
        return node;
    }
}
