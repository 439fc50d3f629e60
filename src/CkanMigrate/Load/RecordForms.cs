using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>
/// The two shapes a record takes on its way into CKAN: the <em>write form</em>, stripped of what
/// the server computes or refuses (spec/ckan-api.md §6.3), and the <em>comparable form</em>, where
/// everything the server adds, renames or reorders is normalised away, so a record equals the
/// target's copy of it exactly when loading it again would change nothing.
/// </summary>
internal static class RecordForms
{
    // ---------------- write form ----------------

    /// <summary>What to send to *_create / *_update for a record of this kind.</summary>
    public static JsonObject WriteForm(EntityKind kind, JsonObject record, CkanSiteInfo site)
    {
        var target = site.Capabilities;
        var w = (JsonObject)record.DeepClone();
        switch (kind)
        {
            case EntityKind.Datasets or EntityKind.HarvestSources:
                if (w["owner_org"] is null && record["organization"] is JsonObject org && JsonText.Text(org["name"]) is { Length: > 0 } orgName)
                    w["owner_org"] = orgName; // CKAN takes a name as well as an id
                RemoveManaged(w, ServerManagedFields.For(kind));
                if (w["resources"] is JsonArray resources)
                    foreach (var r in resources.OfType<JsonObject>())
                        RemoveManaged(r, ServerManagedFields.Resource);
                if (w["tags"] is JsonArray tags)
                    w["tags"] = new JsonArray(tags.OfType<JsonObject>().Select(t =>
                    {
                        var tag = new JsonObject { ["name"] = t["name"]?.DeepClone() };
                        if (t["vocabulary_id"] is { } vocabulary) tag["vocabulary_id"] = vocabulary.DeepClone();
                        return (JsonNode)tag;
                    }).ToArray());
                if (w["groups"] is JsonArray groups)
                    w["groups"] = new JsonArray(groups.OfType<JsonObject>()
                        .Select(g => (JsonNode)new JsonObject { ["name"] = (g["name"] ?? g["id"])?.DeepClone() }).ToArray());
                if (w["extras"] is JsonArray extras)
                    w["extras"] = new JsonArray(extras.OfType<JsonObject>()
                        .Where(e => !ServerManagedFields.IsComputedExtra(JsonText.Text(e["key"]) ?? ""))
                        .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() }).ToArray());
                if (kind == EntityKind.HarvestSources)
                {
                    w.Remove("id"); // the harvest create schema drops ids
                    // ckanext-harvest parses config from a string: a dump holding it as an object is sent as its JSON text.
                    w["config"] = RepresentationRules.HarvestConfig(w["config"]);
                }
                // Only a sysadmin may send an id on create ("The input field id was not expected." otherwise).
                else if (!KeepsId(w, target.DatasetIdOnCreate && site.WritesAsSysadmin)) w.Remove("id");
                break;
            case EntityKind.Organizations or EntityKind.Groups:
                RemoveManaged(w, ServerManagedFields.For(kind));
                // The hierarchy is set once every group of the run exists (ParentLinks): CKAN answers a create
                // carrying an id and a parent with a 500, and one without an id drops a parent it lacks, silently.
                w.Remove("groups");
                if (w["users"] is JsonArray users) w["users"] = Members(ComparedApart.Members.Of(users));
                if (w["extras"] is JsonArray groupExtras)
                    w["extras"] = new JsonArray(groupExtras.OfType<JsonObject>()
                        .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() }).ToArray());
                if (!KeepsId(w, true)) w.Remove("id");
                break;
            case EntityKind.Users:
                RemoveManaged(w, ServerManagedFields.For(kind));
                // A non-sysadmin's password_hash is accepted and wipes the stored hash (recorded on 2.10): never send it then.
                if (!target.PasswordHashes || !site.WritesAsSysadmin) w.Remove("password_hash");
                if (!KeepsId(w, true)) w.Remove("id");
                break;
        }
        return w;
    }

    /// <summary>
    /// Whether the id goes with the record: where the key may send it. An id the target refuses (a
    /// non-UUID into 2.11) was replaced by a derived one before (<see cref="Ids.TargetIds"/>), so the
    /// id sent is the one the record keeps there.
    /// </summary>
    private static bool KeepsId(JsonObject w, bool allowed) => allowed && JsonText.Text(w["id"]) is { Length: > 0 };

    /// <summary>Members as organization_create takes them: name and lower-case capacity (see <see cref="MembersByContainment"/>).</summary>
    public static JsonArray Members(IReadOnlyDictionary<string, string> members) =>
        new(members.Select(m => (JsonNode)new JsonObject { ["name"] = m.Key, ["capacity"] = m.Value }).ToArray());

    // ---------------- comparable form ----------------

    /// <summary>Server-managed fields out; the match key (id) stays, as KeepsId decides about it.</summary>
    private static void RemoveManaged(JsonObject w, IReadOnlyList<ManagedField> fields)
    {
        foreach (var f in fields)
            if (f.Name != "id") w.Remove(f.Name);
    }

    // ---------------- comparable form ----------------

    /// <summary>A short digest of the comparable form: equal records, equal fingerprints.</summary>
    public static ulong Fingerprint(EntityKind kind, JsonObject record) => ComparableForm.Fingerprint(kind, record);

    /// <summary>An organization's or group's extras as one canonical string ("" when it has none).</summary>
    public static string GroupExtras(JsonObject record) =>
        System.Text.Encoding.UTF8.GetString(JsonLineFormat.ToLineBytes(RepresentationRules.ExtrasByKey(record["extras"]))).TrimEnd('\n');

}
