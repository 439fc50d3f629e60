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
    /// <summary>
    /// One replayed exchange's differences, judged against the known gaps: none passes; a listed
    /// gap is said in the test's output; anything else fails, and so does a gap that now matches,
    /// so the list stays true.
    /// </summary>
    public static void Judge(string name, List<string> diffs, IReadOnlyDictionary<string, string> knownGaps, Xunit.Abstractions.ITestOutputHelper output, List<string> failures)
    {
        if (diffs.Count == 0)
        {
            if (knownGaps.ContainsKey(name)) failures.Add($"{name}: listed as a known gap but now matches; remove it from the list");
        }
        else if (knownGaps.TryGetValue(name, out var reason)) output.WriteLine($"known gap {name}: {reason}");
        else failures.Add($"{name}: {string.Join("; ", diffs.Take(6))}");
    }

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

    /// <summary>Sends a recorded request with the sysadmin's key (or a bogus one, or none), as set 1 was recorded.</summary>
    public static Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, FakeCkanServer ckan, JsonObject request) =>
        SendAsync(http, new RecordedRequest
        {
            KeyFor = role => role switch { "sysadmin" => ckan.SysadminToken, "bogus-token" => "bogus-token-not-a-jwt", _ => null },
        }, request);

    /// <summary>The answer: parsed JSON, or the summary the recordings keep of anything else (files, redirects, HTML pages).</summary>
    public static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, RecordedRequest builder, JsonObject request)
    {
        using var message = builder.Build(request);
        using var response = await http.SendAsync(message);
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
            return ((int)response.StatusCode, await RecordedAnswer.SummariseAsync(response));
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
                // The recording's cut path names list items as [] ("result.packages[].resources": every package's list).
                var cut = truncatedPath is not null && ListIndex().Replace(path, "[]") == "response." + truncatedPath;
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

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ListIndex();

    private static string Short(JsonNode? node) => node?.ToJsonString() is { } s ? s[..Math.Min(80, s.Length)] : "null";

    /// <summary>UUIDs, timestamps (an uploaded image's name starts with one) and md5 hashes differ between any two sites.</summary>
    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?|\d{4}-\d\d-\d\d-\d{6}\.\d{6}|\b[0-9a-f]{32}\b|\b[0-9a-f]{40}\b|\$pbkdf2[^""]*")]
    private static partial Regex Volatile();
}
