using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;
using Xunit.Abstractions;
using static CkanMigrate.Tests.FakeCkanFidelity.ExchangeReplay;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// Replays the 308 request/response pairs recorded from a real CKAN 2.11.5 (shared/spec: set 1 =
/// the 143 of the first 2.10 recording, set 2 = the second one's uploads, keys and roles, bulk
/// actions, search, harvest and DataStore) against FakeCkan in 2.11 mode, each set on a fresh site,
/// with the comparison rules of the 2.10 replays. The known gaps are listed with why.
/// </summary>
public sealed partial class RecordedCkan211ExchangeTests(ITestOutputHelper output)
{
    /// <summary>The recording site: CKAN 2.11.5 with activity, datastore, harvest (only the ckan harvester) and max_resource_size 100 MiB.</summary>
    private static FakeCkanOptions RecordingSite() => FakeCkanOptions.Ckan211Mode() with
    {
        SiteTitle = "CKAN",
        HarvesterTypes = ["ckan"],
        MaxResourceSize = 100L * 1024 * 1024,
    };

    [SharedFact]
    public async Task FakeCkan_answers_the_recorded_exchanges_like_CKAN_2_11()
    {
        var exchanges = File.ReadLines(SharedFiles.Path("spec", "ckan-2.11-exchanges.jsonl")).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        Assert.Equal(308, exchanges.Count);
        var failures = new List<string>();
        var set1 = exchanges.Where(e => e["set"]!.GetValue<int>() == 1).ToList();
        var set2 = exchanges.Where(e => e["set"]!.GetValue<int>() == 2).ToList();
        Assert.Equal(143, set1.Count);
        Assert.Equal(165, set2.Count);
        await ReplayAsync(set1, Set1Setup(set1), failures);
        await ReplayAsync(set2, Set2Setup, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} exchanges differ:\n" + string.Join("\n", failures));
    }

    /// <summary>What the site held before a case that the recording made without recorded calls.</summary>
    private delegate void Setup(FakeCkanServer ckan, string caseName, Replay replay);

    /// <summary>The state one replay carries from exchange to exchange.</summary>
    private sealed class Replay
    {
        public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>Recorded sha256 → the one of the bytes sent instead (files the recording kept no bytes of).</summary>
        public Dictionary<string, string> Hashes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, byte[]> KnownBodies { get; } = new(StringComparer.Ordinal);
    }

    private async Task ReplayAsync(List<JsonObject> exchanges, Setup setup, List<string> failures)
    {
        await using var ckan = await FakeCkanServer.StartAsync(RecordingSite());
        // Redirects were not followed when recording: the 302 is the answer.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = ckan.BaseUrl };
        var site = ckan.BaseUrl.AbsoluteUri.TrimEnd('/');
        var replay = new Replay();
        foreach (var e in exchanges)
            if (e["response"] is JsonObject r && r["body_text"] is { } text && r["sha256"] is { } sha)
                replay.KnownBodies.TryAdd(sha.ToString(), Encoding.UTF8.GetBytes(text.ToString()));
        replay.Keys["sysadmin"] = ckan.SysadminToken;
        replay.Keys["bogus-token"] = "bogus-token-not-a-jwt";
        var builder = new RecordedRequest { KeyFor = role => replay.Keys.GetValueOrDefault(role), FileBytes = file => FileBytes(file, replay) };
        foreach (var exchange in exchanges)
        {
            var name = exchange["case"]!.ToString();
            setup(ckan, name, replay);
            var request = MapIds((JsonObject)exchange["request"]!, replay.Ids);
            if (name == "api_token_revoke_by_jti" && replay.Keys.TryGetValue("revoked-token", out var revoked) && JtiOf(revoked) is { } jti && request["body"] is JsonObject revoke)
                revoke["jti"] = jti; // the recorded jti is the recording site's; revoke the token FakeCkan gave
            var (status, body) = await SendAsync(http, builder, request);
            LearnIds(exchange["response"], body, replay.Ids);
            LearnImageName(exchange["response"], body, replay.Ids);
            LearnKey(ckan, exchange, body, replay);
            var diffs = new List<string>();
            var expectedStatus = exchange["status"]!.GetValue<int>();
            if (status != expectedStatus) diffs.Add($"status {status}, recorded {expectedStatus}");
            if (!StatusOnly.ContainsKey(name))
            {
                var recorded = Recorded(exchange, replay);
                foreach (var answer in new[] { recorded, body })
                {
                    RecordedAnswer.DropPageSize(answer);
                    DropTableSizes(answer);
                }
                Compare(recorded, body, "response", site, exchange["truncated_path"]?.ToString(), diffs);
            }
            ExchangeReplay.Judge(name, diffs, KnownGaps, output, failures);
        }
    }

    /// <summary>The recorded answer, with the hashes of files sent as other bytes swapped for those of the bytes sent.</summary>
    private static JsonNode? Recorded(JsonObject exchange, Replay replay)
    {
        var text = exchange["response"]?.ToJsonString() ?? "null";
        foreach (var (recorded, sent) in replay.Hashes) text = text.Replace(recorded, sent, StringComparison.Ordinal);
        return JsonNode.Parse(text);
    }

    /// <summary>Table and database sizes are PostgreSQL's own bytes on disk, not the API's behaviour.</summary>
    private static void DropTableSizes(JsonNode? answer)
    {
        if (answer is JsonObject { } o && o["result"] is JsonObject result && result["meta"] is JsonObject meta)
            foreach (var size in new[] { "size", "db_size", "idx_size" }) meta.Remove(size);
    }

    /// <summary>
    /// The bytes of a file sent in a multipart call: the recorded body when an answer shows it (the
    /// small CSVs), else bytes of the recorded size (a PNG signature first for images).
    /// </summary>
    private static byte[] FileBytes(JsonObject file, Replay replay)
    {
        var sha = file["sha256"]!.ToString();
        if (replay.KnownBodies.TryGetValue(sha, out var known)) return known;
        var bytes = new byte[file["size"]!.GetValue<long>()];
        if (file["content_type"]?.ToString() == "image/png") PngSignature.CopyTo(bytes, 0);
        replay.Hashes[sha] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return bytes;
    }

    /// <summary>An uploaded image's stored name (its upload time, then the file name) → FakeCkan's, for the /uploads/group/ requests.</summary>
    private static void LearnImageName(JsonNode? recorded, JsonNode? actual, Dictionary<string, string> ids)
    {
        if (recorded is JsonObject r && r["result"] is JsonObject rr && rr["image_url"]?.ToString() is { Length: > 0 } name && !name.Contains("://", StringComparison.Ordinal)
            && actual is JsonObject a && a["result"] is JsonObject ar && ar["image_url"]?.ToString() is { Length: > 0 } actualName)
            ids.TryAdd(name, actualName);
    }

    /// <summary>The jti inside a JWT api token (its payload's "jti"), or null for a key that is not one.</summary>
    private static string? JtiOf(string token)
    {
        if (token.Split('.') is not [_, var payload, _]) return null;
        var padded = payload.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            return JsonNode.Parse(Convert.FromBase64String(padded))?["jti"]?.ToString();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The role keys of set 2 come from its api_token_create calls: the key FakeCkan gave, or, where
    /// it has no such action, one seeded for that user. A revoked token is then one no user holds.
    /// </summary>
    private static void LearnKey(FakeCkanServer ckan, JsonObject exchange, JsonNode? body, Replay replay)
    {
        var role = exchange["case"]!.ToString() switch
        {
            "api_token_create_for_org_admin" => "org-admin",
            "api_token_create_for_editor" => "editor",
            "api_token_create_editor_temp" => "revoked-token",
            _ => null,
        };
        if (role is null) return;
        if (body is JsonObject { } answer && answer["result"] is JsonObject result && result["token"]?.ToString() is { } token)
        {
            replay.Keys[role] = token;
            return;
        }
        var user = ckan.Store.GetUser(exchange["request"]!["body"]!["user"]!.ToString())!;
        replay.Keys[role] = $"{role}-seeded-{user["name"]}";
        if (role != "revoked-token") ckan.Store.SeedUser(user, replay.Keys[role]); // the same user again, now with a key
    }
}
