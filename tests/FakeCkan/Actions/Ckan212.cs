using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// What CKAN 2.12 (unreleased; ckan master, read from its source) changes for a migration:
/// - a sysadmin may set a dataset's metadata_modified "for harvesting or mirroring" (create schema:
///   ignore_not_sysadmin, ignore_missing, isodate), and package_update stamps the time only on a real
///   change; resource writes and datastore_create's resource_patch drop it from the dataset they
///   re-save, so those stamp the time (changes/8407.feature; logic/action/create.py, update.py);
/// - api_token_create takes id, created_at and last_access from a sysadmin (changes/9339.feature);
/// - datastore_search pages by keyset: include_next_page gives next_page, a filter on _id to send
///   back, filters take ranges ({"_id": {"gt": n}}), and answers no longer carry _links (changes/9027.feature).
/// </summary>
internal static class Ckan212
{
    public static bool Is212(this ActionContext ctx) => ctx.AtLeast(2, 12);

    /// <summary>The metadata_modified a sysadmin sent, checked as isodate; null when none is taken (another version, another caller, none sent).</summary>
    public static string? SentModified(ActionContext ctx, JsonObject input, Validation.Errors errors)
    {
        if (!ctx.Is212() || !ctx.IsSysadmin || FakeCkanStore.Str(input, "metadata_modified") is not { Length: > 0 } sent) return null;
        if (IsoDates.Accepts(ctx, sent)) return IsoDates.Naive(sent);
        errors.Add("metadata_modified", "Date format incorrect");
        return null;
    }

    /// <summary>
    /// The time an update stores: the sent one; else, on 2.12, the stored one when nothing else
    /// changed (a no-op update stamps nothing); else now.
    /// </summary>
    public static string Modified(ActionContext ctx, string? sent, JsonObject existing, JsonObject stored, string now) =>
        sent ?? (ctx.Is212() && Same(existing, stored) ? FakeCkanStore.Str(existing, "metadata_modified") ?? now : now);

    private static bool Same(JsonObject existing, JsonObject stored) => JsonNode.DeepEquals(WithoutTimes(existing), WithoutTimes(stored));

    private static JsonObject WithoutTimes(JsonObject dataset)
    {
        var copy = (JsonObject)dataset.DeepClone();
        copy.Remove("metadata_modified");
        foreach (var r in (copy["resources"] as JsonArray ?? []).OfType<JsonObject>()) r.Remove("metadata_modified");
        return copy;
    }

    /// <summary>datastore_create sets datastore_active with resource_patch on 2.12, which stamps the dataset (≤2.11 writes the flag directly).</summary>
    public static void StampOnActivate(ActionContext ctx, JsonObject dataset, JsonObject resource)
    {
        if (!ctx.Is212()) return;
        var active = resource["datastore_active"] is JsonValue v && v.TryGetValue<bool>(out var on) && on;
        if (!active) dataset["metadata_modified"] = ctx.Store.Now();
    }
}
