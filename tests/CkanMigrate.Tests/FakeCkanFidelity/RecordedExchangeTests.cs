using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CkanMigrate.Tests.Support;
using FakeCkan;
using Xunit.Abstractions;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// Replays the 143 request/response pairs recorded from a real CKAN 2.10.10 (shared/spec) against a
/// modern FakeCkan, in recording order, and compares status, error bodies and the shape of results.
/// What passes here is what the tool can trust FakeCkan on; the few known gaps are listed with why.
/// </summary>
public sealed partial class RecordedExchangeTests(ITestOutputHelper output)
{
    /// <summary>Cases FakeCkan does not reproduce, each with the reason. Everything else must match.</summary>
    private static readonly Dictionary<string, string> KnownGaps = new()
    {
        ["organization_update_without_users"] = "the datasets listed in an update's answer come in an order FakeCkan does not reproduce",
        ["organization_patch_without_users"] = "CKAN 2.10 brought back the three members the previous organization_update had removed; FakeCkan keeps them removed (the loader never updates without users)",
        ["organization_show_users_after_patch"] = "follows from the unexplained member revival above",
        ["member_list_organization_users"] = "follows from the unexplained member revival above",
        ["organization_list_for_user_editor_default_perm"] = "follows from the unexplained member revival above",
        ["organization_list_for_user_editor_read_perm"] = "follows from the unexplained member revival above",
        ["group_show_before_update"] = "datasets listed in group_show are Solr copies: their organization is as it was at index time",
        ["group_update_without_packages_or_users"] = "datasets listed in the answer are Solr copies (organization as at index time)",
        ["group_show_after_update"] = "datasets listed in group_show are Solr copies (organization as at index time)",
        ["package_search_harvest_type_included_by_default"] = "search results are Solr copies: the organization is as it was when the dataset was indexed",
        ["package_search_fq_dataset_type_harvest"] = "search results are Solr copies: the organization is as it was when the dataset was indexed",
        ["organization_show_include_datasets_limit"] = "whether organization_show's datasets carry tags/extras/resources differs between the two recorded cases",
        ["package_search_sort_id_asc"] = "the 1005 bulk datasets were made outside the recording with random ids, so id order differs",
        ["organization_create_minimal"] = "number_created_packages counts one dataset more in the recording than FakeCkan can account for",
        ["member_list_organization_packages"] = "member rows come back in database order, which the recording does not reveal for seeded datasets",
    };

    [SharedFact]
    public async Task FakeCkan_answers_the_recorded_exchanges_like_CKAN_2_10()
    {
        // The recording site: stock CKAN 2.10.10 with only the activity plugin.
        await using var ckan = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode() with { SiteTitle = "CKAN target", HarvestPlugin = false, DataStorePlugin = false, ViewPlugins = [], ShowcasePlugin = false, PagesPlugin = false });
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        using var http = new HttpClient { BaseAddress = ckan.BaseUrl };
        var site = ckan.BaseUrl.AbsoluteUri.TrimEnd('/');
        var failures = new List<string>();
        var replayed = 0;
        var exchanges = File.ReadLines(SharedFiles.Path("spec", "ckan-2.10-exchanges.jsonl")).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        var byCase = exchanges.ToDictionary(e => e["case"]!.ToString());
        foreach (var exchange in exchanges)
        {
            var name = exchange["case"]!.ToString();
            if (name == "organization_list_default") SeedBulkData(ckan);
            if (UnrecordedSetup.TryGetValue(name, out var setup)) SeedFromRecording(ckan, byCase[setup.From], setup.Kind, setup.State, ids);
            var (status, body) = await SendAsync(http, ckan, MapIds((JsonObject)exchange["request"]!, ids));
            LearnIds(exchange["response"], body, ids);
            replayed++;
            var diffs = new List<string>();
            var expectedStatus = exchange["status"]!.GetValue<int>();
            if (status != expectedStatus) diffs.Add($"status {status}, recorded {expectedStatus}");
            var truncated = exchange["truncated_path"]?.ToString();
            Compare(exchange["response"], body, "response", site, truncated, diffs);
            if (diffs.Count == 0)
            {
                if (KnownGaps.ContainsKey(name)) failures.Add($"{name}: listed as a known gap but now matches; remove it from the list");
                continue;
            }
            if (KnownGaps.TryGetValue(name, out var reason))
            {
                output.WriteLine($"known gap {name}: {reason}");
                continue;
            }
            failures.Add($"{name}: {string.Join("; ", diffs.Take(6))}");
        }
        Assert.Equal(143, replayed);
        Assert.True(failures.Count == 0, $"{failures.Count} exchanges differ:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Records the recording site made with calls it did not record, re-created from a later recorded
    /// answer that shows them: before case → (kind, the case whose result shows it, state to give it).
    /// </summary>
    private static readonly Dictionary<string, (string Kind, string From, string State)> UnrecordedSetup = new()
    {
        ["package_show_trap_before_update"] = ("datasets", "package_show_trap_before_update", "active"),
        ["package_delete"] = ("datasets", "package_show_deleted_sysadmin", "active"),
        ["package_patch_undelete"] = ("datasets", "package_patch_undelete", "deleted"),
        ["user_delete"] = ("users", "user_show_deleted_sysadmin", "active"),
        ["organization_delete"] = ("organizations", "organization_show_deleted_sysadmin", "active"),
    };

    private static void SeedFromRecording(FakeCkanServer ckan, JsonObject exchange, string kind, string state, Dictionary<string, string> ids)
    {
        var record = (JsonObject)MapIds((JsonObject)exchange["response"]!["result"]!, ids);
        record["state"] = state;
        switch (kind)
        {
            case "datasets":
                record["owner_org"] = ckan.Store.GetGroup("vec-org")!["id"]!.DeepClone();
                ckan.Store.SeedDataset(record);
                break;
            case "users":
                record["email"] ??= record["name"] + "@example.org";
                ckan.Store.SeedUser(record);
                break;
            default:
                ckan.Store.SeedGroup(record, organization: true);
                break;
        }
    }

    /// <summary>
    /// Data the recording site held before its listing cases (§7 of the .md), made outside the
    /// recorded exchanges: 30 "bulk" organizations titled in reverse, 1005 datasets in bulk-org-02,
    /// and vis-org with one dataset of each visibility.
    /// </summary>
    private static void SeedBulkData(FakeCkanServer ckan)
    {
        var admin = ckan.Store.GetUser("admin")!["id"]!.ToString();
        var orgs = new Dictionary<int, string>();
        for (var i = 2; i <= 30; i++)
            orgs[i] = ckan.Store.SeedGroup(new JsonObject { ["name"] = $"bulk-org-{i:D2}", ["title"] = $"Bulk Org {31 - i:D2}" }, organization: true)["id"]!.ToString();
        ckan.Store.EditGroup("bulk-org-01", g => g["title"] = "Bulk Org 30");
        var vis = ckan.Store.SeedGroup(new JsonObject { ["name"] = "vis-org", ["title"] = "Visibility Org" }, organization: true)["id"]!.ToString();
        foreach (var (visName, isPrivate, state) in new[] { ("vis-public", false, "active"), ("vis-private", true, "active"), ("vis-draft-public", false, "draft"), ("vis-draft-private", true, "draft"), ("vis-deleted", false, "deleted") })
            ckan.Store.SeedDataset(new JsonObject { ["name"] = visName, ["owner_org"] = vis, ["private"] = isPrivate, ["state"] = state, ["creator_user_id"] = admin });
        for (var i = 1; i <= 1005; i++)
            ckan.Store.SeedDataset(new JsonObject { ["name"] = $"bulk-{i:D4}", ["title"] = $"Bulk {i:D4}", ["owner_org"] = orgs[2], ["creator_user_id"] = admin });

    }

    /// <summary>Ids the recording site assigned → the ones FakeCkan assigned, learnt from parallel responses.</summary>
    private static void LearnIds(JsonNode? recorded, JsonNode? actual, Dictionary<string, string> ids)
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

    private static JsonObject MapIds(JsonObject request, Dictionary<string, string> ids)
    {
        var text = request.ToJsonString();
        foreach (var (from, to) in ids) text = text.Replace(from, to, StringComparison.Ordinal);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    private static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, FakeCkanServer ckan, JsonObject request)
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
    private static void Compare(JsonNode? expected, JsonNode? actual, string path, string site, string? truncatedPath, List<string> diffs)
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
