using System.Text.Json.Nodes;
using CkanMigrate.Tests.DataStore;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Versions;

/// <summary>
/// The core of a portal, small, as each CKAN version holds it: users; two organizations with
/// members, one the other's parent; a group; public, private and draft datasets with link resources,
/// one in the group; an uploaded file; a DataStore table; where the source keeps them as datasets
/// (2.3+ ckanext-harvest), a harvest source; and where it keeps any id (before 2.11), a dataset and
/// a resource with legacy ids.
/// </summary>
internal static class MatrixPortal
{
    public const int TableRows = 30;

    public static readonly string UploadId = Seed.DeterministicId("resource", "matrix-upload");
    public static readonly string TableId = Seed.DeterministicId("resource", "matrix-table");
    public static readonly byte[] UploadBytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("year,value\n2024,1\n", 200)));

    /// <summary>Whether the portal has a dataset with legacy (non-UUID) ids: a source before 2.11 keeps any id.</summary>
    public static bool HasLegacyIds(FakeCkanServer source) => new Version(string.Join('.', source.Options.CkanVersion.Split('.').Take(2))) < new Version(2, 11);

    /// <summary>Whether a source of this version holds harvest sources as datasets (the 2.2 portals that had them kept a table of their own).</summary>
    public static bool HasHarvestDatasets(FakeCkanServer source) => source.Options.CkanVersion != FakeCkanOptions.Legacy;

    /// <summary>
    /// Whether the source shows its users' password hashes (CKAN 2.5.1+, to a sysadmin). A user cannot
    /// be created without a password, and the tool invents none: from a 2.2 source, users are rejected
    /// with CKAN's reason unless a profile gives them one. So a 2.2 portal here has its admin only.
    /// </summary>
    public static bool HasUsers(FakeCkanServer source) => source.Options.CkanVersion != FakeCkanOptions.Legacy;

    public static async Task SeedAsync(FakeCkanServer source)
    {
        var users = HasUsers(source);
        if (users)
        {
            Seed.User(source, "alice");
            Seed.User(source, "bob");
        }
        var parent = Seed.Organization(source, "parent-org", users ? [("alice", "admin")] : [])["id"]!.ToString();
        var child = Seed.Organization(source, "child-org", users ? [("alice", "editor"), ("bob", "member")] : [])["id"]!.ToString();
        source.Store.EditGroup("child-org", g => g["member_groups"] = new JsonArray(parent));
        source.Store.SeedGroup(new JsonObject
        {
            ["id"] = Seed.DeterministicId("group", "themes"), ["name"] = "themes", ["title"] = "Themes", ["description"] = "A group",
            ["users"] = users ? new JsonArray(new JsonObject { ["name"] = "bob", ["capacity"] = "member" }) : new JsonArray(),
        }, organization: false);

        Seed.Dataset(source, "open-data", child);
        source.Store.EditDataset("open-data", d => d["groups"] = new JsonArray(new JsonObject { ["id"] = Seed.DeterministicId("group", "themes"), ["name"] = "themes" }));
        Seed.Dataset(source, "closed-data", child, isPrivate: true);
        Seed.Dataset(source, "draft-data", parent, state: "draft");
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "matrix-files"), ["name"] = "matrix-files", ["title"] = "Files", ["owner_org"] = parent,
            ["resources"] = new JsonArray(new JsonObject
            {
                ["id"] = UploadId, ["url"] = "yearly.csv", ["url_type"] = "upload", ["format"] = "CSV", ["last_modified"] = "2024-03-04T05:06:07",
            }),
        });
        source.Store.SeedResourceFile(UploadId, UploadBytes);
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "matrix-table"), ["name"] = "matrix-table", ["title"] = "Table", ["owner_org"] = child,
            ["resources"] = new JsonArray(new JsonObject { ["id"] = TableId, ["url"] = "https://example.org/table.csv", ["format"] = "CSV" }),
        });
        await DataStoreFixture.TypedTableAsync(source, TableId, TableRows);
        // Before 2.11 a site keeps any id it is given: legacy ids, which a 2.11 target refuses.
        if (HasLegacyIds(source))
            source.Store.SeedDataset(new JsonObject
            {
                ["id"] = "legacy-dataset-0001", ["name"] = "legacy-ids", ["title"] = "Legacy ids", ["owner_org"] = child,
                ["resources"] = new JsonArray(new JsonObject { ["id"] = "legacy-resource-0001", ["url"] = "https://example.org/legacy.csv", ["format"] = "CSV" }),
            });
        if (HasHarvestDatasets(source))
            source.Store.SeedDataset(new JsonObject
            {
                ["id"] = Seed.DeterministicId("dataset", "matrix-harvest"), ["name"] = "matrix-harvest", ["title"] = "A harvest source", ["type"] = "harvest",
                ["url"] = "https://example.org/catalog", ["source_type"] = "ckan", ["frequency"] = "MANUAL", ["owner_org"] = parent,
            });
    }
}
