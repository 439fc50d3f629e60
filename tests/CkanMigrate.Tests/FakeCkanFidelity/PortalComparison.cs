using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// The replays' comparison, as RecordedExchangeTests has it (the 2.11 branch moves it to
/// ExchangeReplay; the portal replay can use that once both are in): ids learnt from parallel
/// answers, and answers compared by kind, keys and value, ids, timestamps and hashes by form only.
/// A recorded string gets {site_url} put in before its ids are loosened.
/// </summary>
internal static partial class PortalComparison
{
    /// <summary>Ids the recording site assigned → the ones FakeCkan assigned, learnt from parallel responses.</summary>
    public static void LearnIds(JsonNode? recorded, JsonNode? actual, Dictionary<string, string> ids)
    {
        switch (recorded)
        {
            case JsonObject r when actual is JsonObject a:
                foreach (var (key, value) in r) if (a.ContainsKey(key)) LearnIds(value, a[key], ids);
                break;
            case JsonArray r when actual is JsonArray a:
                for (var i = 0; i < Math.Min(r.Count, a.Count); i++) LearnIds(r[i], a[i], ids);
                break;
            case JsonValue r when actual is JsonValue a && r.TryGetValue<string>(out var rs) && a.TryGetValue<string>(out var s)
                                  && rs != s && Uuid().IsMatch(rs) && Uuid().IsMatch(s) && rs.Length == 36:
                ids.TryAdd(rs, s);
                break;
        }
    }

    public static JsonObject MapIds(JsonObject request, Dictionary<string, string> ids)
    {
        var text = request.ToJsonString();
        foreach (var (from, to) in ids) text = text.Replace(from, to, StringComparison.Ordinal);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    internal static partial Regex Uuid();

    /// <summary>
    /// Same JSON kinds and keys everywhere; equal strings except ids, timestamps and hashes, which
    /// only need the same form; lists of equal length except where the recording cut them.
    /// </summary>
    public static void Compare(JsonNode? expected, JsonNode? actual, string path, string site, string? truncatedPath, List<string> diffs)
    {
        switch (expected)
        {
            case null:
                if (actual is not null) diffs.Add($"{path}: {Short(actual)}, recorded null");
                return;
            case JsonObject e:
                if (actual is not JsonObject a)
                {
                    diffs.Add($"{path}: {Short(actual)}, recorded an object");
                    return;
                }
                foreach (var key in e.Select(p => p.Key).Except(a.Select(p => p.Key))) diffs.Add($"{path}.{key} missing");
                foreach (var key in a.Select(p => p.Key).Except(e.Select(p => p.Key))) diffs.Add($"{path}.{key} not in the recording");
                foreach (var (key, value) in e)
                    if (a.ContainsKey(key)) Compare(value, a[key], $"{path}.{key}", site, truncatedPath, diffs);
                return;
            case JsonArray e:
                if (actual is not JsonArray arr)
                {
                    diffs.Add($"{path}: {Short(actual)}, recorded a list");
                    return;
                }
                var cut = truncatedPath is not null && path == "response." + truncatedPath;
                if (!cut && arr.Count != e.Count) diffs.Add($"{path}: {arr.Count} items, recorded {e.Count}");
                for (var i = 0; i < Math.Min(e.Count, arr.Count); i++) Compare(e[i], arr[i], $"{path}[{i}]", site, truncatedPath, diffs);
                return;
            default:
                var want = expected.ToJsonString().Replace("{site_url}", site, StringComparison.Ordinal);
                var got = actual?.ToJsonString();
                if (want == got) return;
                if (expected is JsonValue ev && ev.TryGetValue<string>(out var es) && actual is JsonValue av && av.TryGetValue<string>(out var acts)
                    && Volatile().Replace(es.Replace("{site_url}", site, StringComparison.Ordinal), "<v>") == Volatile().Replace(acts, "<v>"))
                    return;
                diffs.Add($"{path}: {got}, recorded {want}");
                return;
        }
    }

    private static string Short(JsonNode? node) => node?.ToJsonString() is { } s ? s[..Math.Min(80, s.Length)] : "null";

    /// <summary>UUIDs, timestamps and md5 hashes differ between any two sites.</summary>
    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?|\b[0-9a-f]{32}\b|\b[0-9a-f]{40}\b|\$pbkdf2[^""]*")]
    private static partial Regex Volatile();
}
