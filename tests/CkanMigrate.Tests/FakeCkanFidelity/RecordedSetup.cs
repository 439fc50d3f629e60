using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// The records the first recording's site (set 1) held that were made with calls it did not record,
/// re-created on a FakeCkan from later recorded answers that show them.
/// </summary>
internal static class RecordedSetup
{
    /// <summary>
    /// Records the recording site made with calls it did not record, re-created from a later recorded
    /// answer that shows them: before case → (kind, the case whose result shows it, state to give it).
    /// </summary>
    public static readonly Dictionary<string, (string Kind, string From, string State)> UnrecordedSetup = new()
    {
        ["package_show_trap_before_update"] = ("datasets", "package_show_trap_before_update", "active"),
        ["package_delete"] = ("datasets", "package_show_deleted_sysadmin", "active"),
        ["package_patch_undelete"] = ("datasets", "package_patch_undelete", "deleted"),
        ["user_delete"] = ("users", "user_show_deleted_sysadmin", "active"),
        ["organization_delete"] = ("organizations", "organization_show_deleted_sysadmin", "active"),
    };

    public static void SeedFromRecording(FakeCkanServer ckan, JsonObject exchange, string kind, string state, Dictionary<string, string> ids)
    {
        var record = (JsonObject)ExchangeReplay.MapIds((JsonObject)exchange["response"]!["result"]!, ids);
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
    public static void SeedBulkData(FakeCkanServer ckan, bool retitleFirst = true)
    {
        var admin = ckan.Store.GetUser("admin")!["id"]!.ToString();
        var orgs = new Dictionary<int, string>();
        for (var i = 2; i <= 30; i++)
            orgs[i] = ckan.Store.SeedGroup(new JsonObject { ["name"] = $"bulk-org-{i:D2}", ["title"] = $"Bulk Org {31 - i:D2}" }, organization: true)["id"]!.ToString();
        if (retitleFirst) ckan.Store.EditGroup("bulk-org-01", g => g["title"] = "Bulk Org 30"); // the 2.11 recording left it ""
        var vis = ckan.Store.SeedGroup(new JsonObject { ["name"] = "vis-org", ["title"] = "Visibility Org" }, organization: true)["id"]!.ToString();
        foreach (var (visName, isPrivate, state) in new[] { ("vis-public", false, "active"), ("vis-private", true, "active"), ("vis-draft-public", false, "draft"), ("vis-draft-private", true, "draft"), ("vis-deleted", false, "deleted") })
            ckan.Store.SeedDataset(new JsonObject { ["name"] = visName, ["owner_org"] = vis, ["private"] = isPrivate, ["state"] = state, ["creator_user_id"] = admin });
        for (var i = 1; i <= 1005; i++)
            ckan.Store.SeedDataset(new JsonObject { ["name"] = $"bulk-{i:D4}", ["title"] = $"Bulk {i:D4}", ["owner_org"] = orgs[2], ["creator_user_id"] = admin });

    }
}
