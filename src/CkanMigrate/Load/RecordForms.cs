using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>
/// The two shapes a record takes on its way into CKAN: the <em>write form</em>, stripped of what
/// the server computes or refuses (spec/ckan-api.md §6.3), and the <em>comparable form</em>, where
/// everything the server adds, renames or reorders is normalised away, so a record equals the
/// target's copy of it exactly when loading it again would change nothing.
/// </summary>
public static class RecordForms
{
    /// <summary>Computed by CKAN (or by ckanext-harvest in after_show): never sent, never compared.</summary>
    private static readonly string[] DatasetServerFields =
    [
        "revision_id", "revision_timestamp", "metadata_created", "metadata_modified", "creator_user_id",
        "num_resources", "num_tags", "isopen", "license_title", "license_url", "tracking_summary",
        "organization", "relationships_as_subject", "relationships_as_object",
    ];

    private static readonly string[] ResourceServerFields =
    [
        "revision_id", "revision_timestamp", "resource_group_id", "package_id", "position", "state",
        "tracking_summary", "webstore_url", "webstore_last_updated", "datastore_active", "metadata_modified",
        "cache_url", "cache_last_updated",
    ];

    /// <summary>Extras ckanext-harvest computes on show; they are not stored rows.</summary>
    private static readonly HashSet<string> ComputedExtras = new(StringComparer.Ordinal)
    {
        "harvest_object_id", "harvest_source_id", "harvest_source_title",
    };

    private static readonly string[] GroupServerFields =
    [
        "created", "display_name", "image_display_url", "package_count", "num_followers", "revision_id",
        "packages", "is_organization", "tags", "groups", "member_count",
    ];

    private static readonly string[] UserServerFields =
    [
        "created", "last_active", "number_created_packages", "number_of_edits", "number_administered_packages",
        "email_hash", "display_name", "apikey", "image_display_url", "activity", "datasets", "openid", "reset_key",
    ];

    private static readonly string[] HarvestCompared = ["name", "title", "url", "source_type", "frequency", "config", "notes", "private", "state"];

    private static readonly string[] UserCompared = ["name", "fullname", "email", "about", "sysadmin", "state", "image_url"];

    private static readonly string[] GroupCompared = ["name", "title", "description", "image_url", "state"];

    // ---------------- write form ----------------

    /// <summary>What to send to *_create / *_update for a record of this kind.</summary>
    public static JsonObject WriteForm(EntityKind kind, JsonObject record, CkanCapabilities target)
    {
        var w = (JsonObject)record.DeepClone();
        switch (kind)
        {
            case EntityKind.Datasets or EntityKind.HarvestSources:
                if (w["owner_org"] is null && record["organization"] is JsonObject org && Text(org["name"]) is { Length: > 0 } orgName)
                    w["owner_org"] = orgName; // CKAN takes a name as well as an id
                foreach (var f in DatasetServerFields) w.Remove(f);
                w.Remove("status"); // harvest source status, computed
                if (w["resources"] is JsonArray resources)
                    foreach (var r in resources.OfType<JsonObject>())
                        foreach (var f in ResourceServerFields) r.Remove(f);
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
                        .Where(e => !ComputedExtras.Contains(Text(e["key"]) ?? ""))
                        .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() }).ToArray());
                if (kind == EntityKind.HarvestSources) w.Remove("id"); // the harvest create schema drops ids
                else if (!KeepsId(w, target, target.DatasetIdOnCreate)) w.Remove("id");
                break;
            case EntityKind.Organizations or EntityKind.Groups:
                foreach (var f in GroupServerFields) w.Remove(f);
                if (w["users"] is JsonArray users) w["users"] = Members(users);
                if (w["extras"] is JsonArray groupExtras)
                    w["extras"] = new JsonArray(groupExtras.OfType<JsonObject>()
                        .Select(e => (JsonNode)new JsonObject { ["key"] = e["key"]?.DeepClone(), ["value"] = e["value"]?.DeepClone() }).ToArray());
                w.Remove("type");
                if (!KeepsId(w, target, true)) w.Remove("id");
                break;
            case EntityKind.Users:
                foreach (var f in UserServerFields) w.Remove(f);
                if (!target.PasswordHashes) w.Remove("password_hash");
                if (!KeepsId(w, target, true)) w.Remove("id");
                break;
        }
        return w;
    }

    /// <summary>2.11 keeps only UUID ids; older versions keep what they allow at all.</summary>
    private static bool KeepsId(JsonObject w, CkanCapabilities target, bool allowed) =>
        allowed && Text(w["id"]) is { Length: > 0 } id && (!target.UuidIdsRequired || Guid.TryParse(id, out _));

    /// <summary>Members as organization_create takes them: name and lower-case capacity.</summary>
    public static JsonArray Members(JsonArray users) =>
        new(users.OfType<JsonObject>()
            .Where(u => Text(u["name"] ?? u["id"]) is { Length: > 0 })
            .Select(u => (JsonNode)new JsonObject
            {
                ["name"] = Text(u["name"] ?? u["id"]),
                ["capacity"] = (Text(u["capacity"]) ?? "member").ToLowerInvariant(),
            }).ToArray());

    // ---------------- comparable form ----------------

    /// <summary>ckanext-harvest stores an empty frequency as MANUAL.</summary>
    private const string HarvestDefaultFrequency = "MANUAL";

    public static JsonObject Comparable(EntityKind kind, JsonObject record)
    {
        JsonObject c;
        switch (kind)
        {
            case EntityKind.HarvestSources:
                // Converted legacy rows carry keys CKAN drops (description, active, publisher_*): only what a source keeps counts.
                c = Pick(record, HarvestCompared);
                if (string.IsNullOrEmpty(Text(c["title"]))) c["title"] = c["name"]?.DeepClone();
                c["frequency"] = (Text(c["frequency"]) is { Length: > 0 } frequency ? frequency : HarvestDefaultFrequency).ToUpperInvariant();
                c["private"] ??= false;
                c["state"] ??= "active";
                break;
            case EntityKind.Datasets:
                c = (JsonObject)record.DeepClone();
                c.Remove("owner_org"); // compared apart: a source id, a target id and a name can all mean the same organization
                foreach (var f in DatasetServerFields) c.Remove(f);
                c.Remove("id");
                c.Remove("status");
                c["private"] ??= false;
                c["state"] ??= "active";
                c["type"] ??= kind == EntityKind.HarvestSources ? "harvest" : "dataset";
                if (string.IsNullOrEmpty(Text(c["title"]))) c["title"] = c["name"]?.DeepClone();
                c["tags"] = new JsonArray((record["tags"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(t => Text(t["vocabulary_id"]) is { Length: > 0 } v ? $"{v}:{Text(t["name"])}" : Text(t["name"]) ?? "")
                    .Order(StringComparer.Ordinal).Select(s => (JsonNode)s).ToArray());
                c["groups"] = new JsonArray((record["groups"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(g => Text(g["name"] ?? g["id"]) ?? "").Order(StringComparer.Ordinal).Select(s => (JsonNode)s).ToArray());
                c["extras"] = ExtrasObject(record["extras"], ComputedExtras);
                var resources = new JsonArray();
                foreach (var r in (record["resources"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var rc = (JsonObject)r.DeepClone();
                    foreach (var f in ResourceServerFields) rc.Remove(f);
                    rc.Remove("id");
                    rc.Remove("created"); // set by the server when the source had none
                    resources.Add(rc);
                }
                c["resources"] = resources;
                break;
            case EntityKind.Organizations or EntityKind.Groups:
                // Extras are compared apart: a record without them leaves the target's alone (CKAN 2.8+).
                c = Pick(record, GroupCompared);
                c["state"] ??= "active";
                break;
            default:
                c = Pick(record, UserCompared);
                c["state"] ??= "active";
                c["sysadmin"] ??= false;
                break;
        }
        return Canonical(c) as JsonObject ?? new JsonObject();
    }

    /// <summary>A short digest of the comparable form: equal records, equal fingerprints.</summary>
    public static string Fingerprint(EntityKind kind, JsonObject record)
    {
        var bytes = JsonLineFormat.ToLineBytes(Comparable(kind, record));
        return Convert.ToBase64String(SHA256.HashData(bytes), 0, 18);
    }

    /// <summary>An organization's or group's extras as one canonical string ("" when it has none).</summary>
    public static string GroupExtras(JsonObject record) =>
        System.Text.Encoding.UTF8.GetString(JsonLineFormat.ToLineBytes(ExtrasObject(record["extras"], null))).TrimEnd('\n');

    /// <summary>Every way a dataset names its organization: owner_org (an id or a name) and the organization dict's id and name.</summary>
    public static IReadOnlySet<string> OwnerKeys(JsonObject record)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (Text(record["owner_org"]) is { Length: > 0 } owner) keys.Add(owner);
        if (record["organization"] is JsonObject org)
        {
            if (Text(org["id"]) is { Length: > 0 } id) keys.Add(id);
            if (Text(org["name"]) is { Length: > 0 } name) keys.Add(name);
        }
        return keys;
    }

    /// <summary>user name → lower-case capacity, from a show or list record's users.</summary>
    public static Dictionary<string, string> MemberMap(JsonObject record)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in (record["users"] as JsonArray ?? []).OfType<JsonObject>())
            if (Text(u["name"] ?? u["id"]) is { Length: > 0 } name)
                map[name] = (Text(u["capacity"]) ?? "member").ToLowerInvariant();
        return map;
    }

    private static JsonObject Pick(JsonObject record, string[] keys)
    {
        var o = new JsonObject();
        foreach (var k in keys)
            if (record[k] is { } v) o[k] = v.DeepClone();
        return o;
    }

    private static JsonObject ExtrasObject(JsonNode? extras, HashSet<string>? skip)
    {
        var o = new JsonObject();
        foreach (var e in (extras as JsonArray ?? []).OfType<JsonObject>().OrderBy(e => Text(e["key"]), StringComparer.Ordinal))
        {
            var key = Text(e["key"]) ?? "";
            if (skip?.Contains(key) == true || e["value"] is null || e["deleted"] is not null) continue;
            o[key] = Scalar(e["value"]);
        }
        return o;
    }

    /// <summary>Drops null, "", [] and {} everywhere and writes every scalar as a string, so that a
    /// missing field, a null and an empty string compare equal, and 5 equals "5".</summary>
    private static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (k, v) in o)
                    if (Canonical(v) is { } cv) result[k] = cv;
                return result.Count == 0 ? null : result;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var item in a)
                    items.Add(Canonical(item) ?? JsonValue.Create(""));
                return items.Count == 0 ? null : items;
            case null:
                return null;
            default:
                var s = Scalar(node);
                return s.Length == 0 ? null : JsonValue.Create(s);
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => null,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
