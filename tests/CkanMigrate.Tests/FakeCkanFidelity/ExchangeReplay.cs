using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// How a recorded exchange is replayed against FakeCkan and its answer compared: ids the recording
/// site drew are learnt from parallel answers and swapped into later requests, and answers are
/// compared by kind, keys and value, with ids, timestamps and hashes compared only by their form.
/// </summary>
internal static partial class ExchangeReplay
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
    private static partial Regex Uuid();

    public static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, FakeCkanServer ckan, JsonObject request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request["method"]!.ToString()), request["path"]!.ToString());
        switch (request["auth"]?.ToString())
        {
            case "sysadmin": message.Headers.TryAddWithoutValidation("Authorization", ckan.SysadminToken); break;
            case "bogus-token": message.Headers.TryAddWithoutValidation("Authorization", "bogus-token-not-a-jwt"); break;
        }
        if (request["raw_body"] is { } raw)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw.ToString()));
            if (request["content_type"]?.ToString() is { } type) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        else if (request["body"] is JsonObject body)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else if (message.Method == HttpMethod.Post)
        {
            message.Content = new ByteArrayContent([]);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed;
        try { parsed = JsonNode.Parse(text); } catch (System.Text.Json.JsonException) { parsed = JsonValue.Create("<not json> " + text); }
        return ((int)response.StatusCode, parsed);
    }

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
                    && Volatile().Replace(es, "<v>") == Volatile().Replace(acts, "<v>"))
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
