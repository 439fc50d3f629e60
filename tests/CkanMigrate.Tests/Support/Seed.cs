using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.Support;

/// <summary>Small generators of realistic CKAN records for FakeCkan.</summary>
public static class Seed
{
    public static JsonObject Organization(FakeCkanServer ckan, string name, params (string User, string Capacity)[] members)
    {
        var users = new JsonArray(members.Select(m => (JsonNode)new JsonObject { ["name"] = m.User, ["capacity"] = m.Capacity }).ToArray());
        return ckan.Store.SeedGroup(new JsonObject
        {
            ["id"] = DeterministicId("org", name),
            ["name"] = name,
            ["title"] = $"Title of {name}",
            ["description"] = $"About {name}",
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "contact-email", ["value"] = $"{name}@example.org" }),
            ["users"] = users,
        }, organization: true);
    }

    public static JsonObject Dataset(FakeCkanServer ckan, string name, string ownerOrgId, bool isPrivate = false, string state = "active")
    {
        return ckan.Store.SeedDataset(new JsonObject
        {
            ["id"] = DeterministicId("dataset", name),
            ["name"] = name,
            ["title"] = $"Dataset {name}",
            ["notes"] = "Some notes with ünïcode and \"quotes\"",
            ["owner_org"] = ownerOrgId,
            ["private"] = isPrivate,
            ["state"] = state,
            ["license_id"] = "uk-ogl",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "economy" }),
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "theme-primary", ["value"] = "Economy" }),
            ["resources"] = new JsonArray(new JsonObject
            {
                ["id"] = DeterministicId("resource", name),
                ["url"] = $"https://example.org/{name}.csv",
                ["format"] = "CSV",
                ["description"] = "Data",
            }),
        });
    }

    /// <summary>Many datasets in a few organizations, every 10th private, every 25th a draft.</summary>
    public static void ManyDatasets(FakeCkanServer ckan, int count, int organizations = 3)
    {
        var orgs = Enumerable.Range(0, organizations).Select(i => Organization(ckan, $"org-{i:D3}")).ToList();
        for (var i = 0; i < count; i++)
            Dataset(ckan, $"dataset-{i:D6}", orgs[i % orgs.Count]["id"]!.ToString(), isPrivate: i % 10 == 3, state: i % 25 == 7 ? "draft" : "active");
    }

    public static JsonObject User(FakeCkanServer ckan, string name, bool sysadmin = false) =>
        ckan.Store.SeedUser(new JsonObject
        {
            ["id"] = DeterministicId("user", name),
            ["name"] = name,
            ["fullname"] = $"Person {name}",
            ["email"] = $"{name}@example.org",
            ["sysadmin"] = sysadmin,
            ["password_hash"] = $"$pbkdf2-sha512$25000${name}$hash",
        });

    /// <summary>A UUID derived from a name, so ids are stable across runs and sort unlike names.</summary>
    public static string DeterministicId(string kind, string name) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(kind + "/" + name))).ToString();
}
