using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>An action called on a FakeCkan as its sysadmin, the way a site's own users change it between runs.</summary>
internal static class SiteCalls
{
    public static async Task CallAsync(FakeCkanServer ckan, string action, JsonObject body) => await CallAsync(ckan, ckan.SysadminToken, action, body);

    /// <summary>An action called as a user (with a token a sysadmin made for them), as what only a user may do (follow) is done.</summary>
    public static async Task CallAsUserAsync(FakeCkanServer ckan, string user, string action, JsonObject body)
    {
        var made = await CallAsync(ckan, ckan.SysadminToken, "api_token_create", new JsonObject { ["user"] = user, ["name"] = "test" });
        await CallAsync(ckan, made!["token"]!.ToString(), action, body);
    }

    private static async Task<JsonNode?> CallAsync(FakeCkanServer ckan, string token, string action, JsonObject body)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", token);
        using var response = await http.PostAsync(new Uri(ckan.BaseUrl, $"api/3/action/{action}"), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)?["result"];
    }
}
