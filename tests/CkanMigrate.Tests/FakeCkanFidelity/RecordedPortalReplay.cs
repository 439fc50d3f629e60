using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// One replay of the portal recording: the site's unrecorded setup (rec-org, four users, the
/// datasets the cases use, a token for the plain user) re-made through the API with the ids
/// the recording shows, the tokens each case's "auth" names (the follower's is the one the
/// recording made with api_token_create), and ids learnt from parallel answers.
/// </summary>
internal sealed partial class PortalReplay(FakeCkanServer ckan, HttpClient http, Dictionary<string, JsonObject> recorded, string version)
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokenIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal) { ["sysadmin"] = ckan.SysadminToken };

    private JsonNode Recorded(string name, string path)
    {
        JsonNode node = recorded[name];
        foreach (var part in path.Split('.')) node = node[part]!;
        return node;
    }

    private string RecordedId(string name, string path) => Recorded(name, path).ToString();

    /// <summary>Setup the recording made without recording it, just before the case that first needs it.</summary>
    public async Task BeforeAsync(string name)
    {
        if (name == "vocabulary_list_empty") await SetUpSiteAsync();
        if (name == "api_token_create_for_user") // made just before the follower cases: the default search before it counts one dataset fewer
            await PostAsync("package_create", new JsonObject { ["id"] = RecordedId("follow_dataset_as_user", "response.result.object_id"), ["name"] = "rec-follow-ds", ["owner_org"] = _orgId });
    }

    private string? _orgId;

    private async Task SetUpSiteAsync()
    {
        // The admin's full name: "Admin" on the 2.10 site, none on the 2.11 one.
        ckan.Store.EditUser(ckan.Options.SysadminName, u => u["fullname"] = version == "2.10" ? "Admin" : null);
        var org = Recorded("package_create_vocab_tags", "response.result.organization");
        _orgId = org["id"]!.ToString();
        await PostAsync("organization_create", new JsonObject { ["id"] = _orgId, ["name"] = "rec-org", ["title"] = org["title"]!.DeepClone() });
        foreach (var (user, id) in new[]
                 {
                     ("rec-plain", RecordedId("ckanext_showcase_admin_add", "response.result.user_id")),
                     ("rec-editor", RecordedId("package_collaborator_create_editor", "response.result.user_id")),
                     ("rec-member", RecordedId("package_collaborator_create_member", "request.body.user_id")),
                     ("rec-follower", RecordedId("follow_dataset_as_user", "response.result.follower_id")),
                 })
            await PostAsync("user_create", new JsonObject { ["id"] = id, ["name"] = user, ["email"] = $"{user}@example.org", ["password"] = "correct-horse-battery" });
        var token = await PostAsync("api_token_create", new JsonObject { ["user"] = "rec-plain", ["name"] = "recording" });
        _tokens["plain-user"] = token["token"]!.ToString();
        // rec-views-ds's name is not in the recording: any name after rec-showcase keeps package_list's order.
        foreach (var (dataset, id, isPrivate) in new[]
                 {
                     ("rec-views-ds", RecordedId("resource_create_upload_csv", "request.body.package_id"), false),
                     ("rec-collab-ds", RecordedId("package_collaborator_list_empty", "request.body.id"), true), // not in package_list nor the default search
                     ("rec-sc-ds1", RecordedId("ckanext_showcase_package_association_create", "response.result.package_id"), false),
                     ("rec-sc-ds2", RecordedId("ckanext_showcase_package_association_create_2", "request.body.package_id"), false),
                 })
            await PostAsync("package_create", new JsonObject { ["id"] = id, ["name"] = dataset, ["owner_org"] = _orgId, ["private"] = isPrivate });
    }

    private async Task<JsonNode> PostAsync(string action, JsonObject body)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/3/action/" + action) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.TryAddWithoutValidation("Authorization", ckan.SysadminToken);
        using var response = await http.SendAsync(message);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, $"setup {action}: {answer.ToJsonString()}");
        return answer["result"]!;
    }

    /// <summary>The recorded request with this site's ids, URL and tokens; uploads re-made with the recorded size and type.</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(JsonObject request)
    {
        var site = ckan.BaseUrl.AbsoluteUri.TrimEnd('/');
        request = (JsonObject)JsonNode.Parse(ExchangeReplay.MapIds(request, _ids).ToJsonString().Replace("{site_url}", site, StringComparison.Ordinal))!;
        using var message = new HttpRequestMessage(new HttpMethod(request["method"]!.ToString()), request["path"]!.ToString());
        if (request["auth"]?.ToString() is { } auth && _tokens.TryGetValue(auth, out var token))
            message.Headers.TryAddWithoutValidation("Authorization", token);
        if (request["files"] is JsonObject files)
        {
            var form = new MultipartFormDataContent();
            foreach (var (key, value) in request["body"] as JsonObject ?? []) form.Add(new StringContent(value?.ToString() ?? ""), key);
            foreach (var (field, description) in files)
            {
                var m = FileDescription().Match(description!.ToString());
                var part = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('x', int.Parse(m.Groups["size"].Value, System.Globalization.CultureInfo.InvariantCulture))));
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(m.Groups["type"].Value);
                form.Add(part, field, m.Groups["name"].Value);
            }
            message.Content = form;
        }
        else if (request["body"] is JsonObject body)
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
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

    /// <summary>Learns ids from the answer; keeps the follower's token; maps the recorded token ids (jti) to this site's.</summary>
    public void After(string name, JsonNode? recordedResponse, JsonNode? answer)
    {
        ExchangeReplay.LearnIds(recordedResponse, answer, _ids);
        if (name == "api_token_create_for_user" && answer?["result"]?["token"] is { } token) _tokens["follower-user"] = token.ToString();
        if (name == "api_token_list" && recordedResponse?["result"] is JsonArray theirs && answer?["result"] is JsonArray ours)
            for (var i = 0; i < Math.Min(theirs.Count, ours.Count); i++)
            {
                _tokenIds.TryAdd(theirs[i]!["id"]!.ToString(), ours[i]!["id"]!.ToString());
                _ids.TryAdd(theirs[i]!["id"]!.ToString(), ours[i]!["id"]!.ToString());
            }
    }

    /// <summary>Token ids are random strings, not UUIDs: the recorded ones are compared as this site's.</summary>
    public JsonNode? MapTokenIds(JsonNode? expected) => expected is JsonObject o && _tokenIds.Count > 0 ? ExchangeReplay.MapIds(o, _tokenIds) : expected;

    /// <summary>
    /// What the shared comparison does not know, made comparable on both sides: objects keyed by
    /// UUID (a page's revisions) get their keys numbered; str(datetime) timestamps (with a space,
    /// package_collaborator_list's) and API tokens (redacted in the recording) become markers.
    /// </summary>
    public static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select((p, i) => KeyValuePair.Create(ExchangeReplay.Uuid().IsMatch(p.Key) ? $"<uuid {i}>" : p.Key, Normalise(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalise).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) && SpacedTimestamp().IsMatch(s) => "<str(datetime)>",
        JsonValue v when v.TryGetValue<string>(out var s) && (Jwt().IsMatch(s) || s == "<token>") => "<token>",
        _ => node?.DeepClone(),
    };

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$")]
    private static partial Regex SpacedTimestamp();

    [GeneratedRegex(@"^eyJ[\w-]+\.[\w-]+\.[\w-]+$")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"^(?<name>.+) \((?<size>\d+) bytes, (?<type>[^)]+)\)$")]
    private static partial Regex FileDescription();
}
