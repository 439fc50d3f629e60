using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Views;

/// <summary>
/// Which of the target's views stands for which of the source's: the same id first (2.11 keeps a
/// view's id), then the same type and title, then the same type (a view CKAN made by itself, such as
/// its "Image", becomes the source's view of that type with one update rather than a delete and a
/// create). The target's views left over are the ones to delete.
/// </summary>
internal sealed record ViewPairing(IReadOnlyList<(JsonObject View, JsonObject? Copy)> Wanted, IReadOnlyList<JsonObject> Extra)
{
    public static ViewPairing Between(IReadOnlyList<JsonObject> wanted, IReadOnlyList<JsonObject> held)
    {
        var free = held.ToList();
        var copies = new JsonObject?[wanted.Count];
        foreach (var same in new Func<JsonObject, JsonObject, bool>[] { SameId, (a, b) => SameType(a, b) && Same(a, b, "title"), SameType })
            for (var i = 0; i < wanted.Count; i++)
            {
                if (copies[i] is not null) continue;
                var copy = free.FirstOrDefault(h => same(wanted[i], h));
                if (copy is null) continue;
                copies[i] = copy;
                free.Remove(copy);
            }
        return new ViewPairing(wanted.Select((v, i) => (v, copies[i])).ToList(), free);
    }

    private static bool SameId(JsonObject a, JsonObject b) => JsonText.NonEmpty(a["id"]) is { } id && id == JsonText.NonEmpty(b["id"]) && SameType(a, b);

    private static bool SameType(JsonObject a, JsonObject b) => Same(a, b, "view_type");

    private static bool Same(JsonObject a, JsonObject b, string field) => JsonText.NonEmpty(a[field]) == JsonText.NonEmpty(b[field]);
}
