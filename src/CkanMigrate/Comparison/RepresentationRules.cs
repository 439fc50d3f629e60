using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// The ways CKAN itself writes back the same data differently from how it was sent. Each rule is
/// named, says why, and is applied by <see cref="ComparableForm"/> to both sides before they are
/// compared; nothing else is normalised (no trimming, no case folding).
/// </summary>
internal static partial class RepresentationRules
{
    /// <summary>EmptyEqualsMissing: CKAN fills optional fields it was not sent with null or "" (resource columns, author...), and returns [] for empty lists.</summary>
    public static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        _ => false,
    };

    /// <summary>NumbersAsText: CKAN stores extras as text (5 comes back "5") and some columns as integers (resource size "12" comes back 12).</summary>
    public static JsonNode? Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(s),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => JsonValue.Create(v.GetValueKind() == JsonValueKind.True),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            JsonValue.Create(decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture) : v.ToJsonString()),
        _ => node?.DeepClone(),
    };

    /// <summary>ExtrasByKey: extras are key/value rows that CKAN returns sorted by key, with ids, states and revisions of its own; deleted rows and extras ckanext-harvest computes on show are not the record's.</summary>
    public static JsonObject ExtrasByKey(JsonNode? extras)
    {
        var o = new JsonObject();
        foreach (var e in (extras as JsonArray ?? []).OfType<JsonObject>().OrderBy(e => Text(e["key"]), StringComparer.Ordinal))
        {
            var key = Text(e["key"]) ?? "";
            if (ServerManagedFields.IsComputedExtra(key) || e["value"] is null || Text(e["state"]) == "deleted" || e["deleted"] is not null) continue;
            o[key] = e["value"] is JsonValue ? Scalar(e["value"]) : JsonValue.Create(e["value"]!.ToJsonString());
        }
        return o;
    }

    /// <summary>TagsByName: a tag is its name (and vocabulary); CKAN adds ids, display names and states, and may reorder.</summary>
    public static JsonArray TagsByName(JsonNode? tags) =>
        Sorted((tags as JsonArray ?? []).Select(t => t switch
        {
            JsonObject o when Text(o["vocabulary_id"]) is { Length: > 0 } v => $"{v}:{Text(o["name"])}",
            JsonObject o => Text(o["name"]) ?? "",
            _ => Text(t) ?? "",
        }));

    /// <summary>GroupsByName: a group a dataset belongs to, or one an organization lists (the hierarchy), is named by its name; CKAN returns whole group dicts in its own order.</summary>
    public static JsonArray GroupsByName(JsonNode? groups) =>
        Sorted((groups as JsonArray ?? []).Select(g => g switch
        {
            JsonObject o => Text(o["name"] ?? o["id"]) ?? "",
            _ => Text(g) ?? "",
        }));

    /// <summary>ServerDefaults: what CKAN stores for a field the record does not have, per kind.</summary>
    public static IEnumerable<(string Field, Func<JsonObject, JsonNode?> Value)> ServerDefaults(EntityKind kind) => kind switch
    {
        EntityKind.Datasets =>
        [
            ("type", _ => "dataset"), ("state", _ => "active"), ("private", _ => false), ("title", r => r["name"]?.DeepClone()),
        ],
        EntityKind.HarvestSources =>
        [
            ("state", _ => "active"), ("private", _ => false), ("title", r => r["name"]?.DeepClone()), ("frequency", _ => "MANUAL"),
        ],
        EntityKind.Organizations or EntityKind.Groups => [("state", _ => "active"), ("approval_status", _ => "approved")],
        EntityKind.Users => [("state", _ => "active"), ("sysadmin", _ => false), ("activity_streams_email_notifications", _ => false)],
        _ => [],
    };

    /// <summary>
    /// UnusablePasswordHash: a hash that no password can match (a non-production migration's random
    /// string: neither a passlib "$scheme$…" string nor a legacy 80-hex-digit SHA-1) means "no usable
    /// password"; two such hashes are the same. Any other pair is compared byte for byte.
    /// </summary>
    public static bool SamePasswordHash(string? a, string? b) => a == b || (IsUnusableHash(a) && IsUnusableHash(b));

    public static bool IsUnusableHash(string? hash) => hash is { Length: > 0 } && !IsModularCrypt(hash) && !(hash.Length == 80 && hash.All(char.IsAsciiHexDigit));

    /// <summary>passlib's "$scheme$…" strings use only letters, digits and ./$+=- (a random string of printable characters almost never does).</summary>
    private static bool IsModularCrypt(string hash) =>
        hash.StartsWith('$') && hash.Count(c => c == '$') >= 2 && hash.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '$' or '+' or '=' or '-');

    /// <summary>HarvestFrequencyUpperCase: ckanext-harvest stores frequency upper-cased ("weekly" → WEEKLY).</summary>
    public static JsonNode? HarvestFrequency(JsonNode? frequency) =>
        Text(frequency) is { Length: > 0 } f ? JsonValue.Create(f.ToUpperInvariant()) : frequency?.DeepClone();

    /// <summary>
    /// UploadByFileName: an uploaded resource's URL names the site that serves it
    /// (<c>…/dataset/ID/resource/RID/download/FILE</c>), so the same upload has a different URL on
    /// each site; it is the same when its file is: the file name here, its size as a field, and its
    /// checksum through the files folder's records (CKAN keeps none).
    /// </summary>
    public static JsonNode? UploadUrl(JsonNode? url) =>
        Text(url) is { Length: > 0 } u ? JsonValue.Create(u.Split('?')[0].TrimEnd('/').Split('/')[^1].ToLowerInvariant()) : url?.DeepClone();

    /// <summary>
    /// ImageByFileName: CKAN stores an uploaded organization or group image as the upload time then
    /// the file name (2026-12-01-090650.123456logo.png); the same image uploaded to another site gets
    /// that site's time. It is the same image when the name after the time is (a URL is compared whole).
    /// </summary>
    public static string UploadedImageName(string stored) => UploadTimePrefix().Replace(stored, "");

    public static JsonNode? ImageUrl(JsonNode? imageUrl) =>
        Text(imageUrl) is { Length: > 0 } u && !u.Contains("://", StringComparison.Ordinal) && !u.Contains('/')
            ? JsonValue.Create(UploadedImageName(u))
            : imageUrl?.DeepClone();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}-\d{6}\.\d{6}")]
    private static partial System.Text.RegularExpressions.Regex UploadTimePrefix();

    /// <summary>HarvestConfigAsText: ckanext-harvest keeps config as the JSON text it was sent; a dump holding it as an object means the same text.</summary>
    public static JsonNode? HarvestConfig(JsonNode? config) =>
        config is JsonObject or JsonArray ? JsonValue.Create(config.ToJsonString()) : config?.DeepClone();

    private static JsonArray Sorted(IEnumerable<string> items) =>
        new(items.Order(StringComparer.Ordinal).Select(s => (JsonNode)JsonValue.Create(s)).ToArray());

    private static string? Text(JsonNode? node) => JsonText.Text(node);
}
