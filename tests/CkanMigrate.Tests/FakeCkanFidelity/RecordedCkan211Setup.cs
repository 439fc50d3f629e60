using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>The records each set's site was given outside the recorded calls (ckan-2.11-exchanges.md, "How it was recorded").</summary>
public sealed partial class RecordedCkan211ExchangeTests
{
    /// <summary>
    /// Set 1: what the 2.10 replay re-creates (the bulk organizations, without retitling bulk-org-01,
    /// and the records later answers show), plus vec-org's three members added back before
    /// organization_patch_without_users, as the 2.11 recording did. The recording made the 1005 bulk
    /// datasets in an order of its own: its answers show bulk-1000, bulk-1001 and bulk-1002 as the
    /// last modified, newest first, so they are touched last here.
    /// </summary>
    private static Setup Set1Setup(List<JsonObject> set1)
    {
        var byCase = set1.ToDictionary(e => e["case"]!.ToString());
        return (ckan, name, replay) =>
        {
            if (name == "organization_list_default")
            {
                RecordedSetup.SeedBulkData(ckan, retitleFirst: false);
                foreach (var last in new[] { "bulk-1002", "bulk-1001", "bulk-1000" }) ckan.Store.EditDataset(last, _ => { });
            }
            if (RecordedSetup.UnrecordedSetup.TryGetValue(name, out var setup))
                RecordedSetup.SeedFromRecording(ckan, byCase[setup.From], setup.Kind, setup.State, replay.Ids);
            if (name == "organization_patch_without_users") AddMembersBack(ckan, byCase["organization_show_users_before_update"]);
        };
    }

    private static void AddMembersBack(FakeCkanServer ckan, JsonObject shown)
    {
        var members = new JsonArray();
        foreach (var user in shown["response"]!["result"]!["users"]!.AsArray().OfType<JsonObject>())
            members.Add(new JsonObject { ["user_id"] = ckan.Store.GetUser(user["name"]!.ToString())!["id"]!.DeepClone(), ["capacity"] = user["capacity"]!.DeepClone() });
        ckan.Store.EditGroup("vec-org", g => g["members"] = members);
    }

    /// <summary>Set 2 starts on an empty site whose admin has no full name.</summary>
    private static void Set2Setup(FakeCkanServer ckan, string name, Replay replay)
    {
        if (name != "organization_create_image_upload") return;
        var admin = ckan.Store.GetUser("admin")!;
        admin["fullname"] = null;
        ckan.Store.SeedUser(admin, ckan.SysadminToken);
    }
}
