using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>An action called on a FakeCkan as its sysadmin, the way a site's own users change it between runs.</summary>
internal static class SiteCalls
{
    public static async Task CallAsync(FakeCkanServer ckan, string action, JsonObject body)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", ckan.SysadminToken);
        using var response = await http.PostAsync(new Uri(ckan.BaseUrl, $"api/3/action/{action}"), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
