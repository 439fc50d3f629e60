using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>
/// ckanext-harvest's actions. On a legacy site, sources are rows of the DGU fork's harvest_source
/// table (seeded with <see cref="FakeCkanStore.SeedLegacyHarvestSource"/>); on a modern site they
/// are type=harvest datasets, created through package_create with the harvest checks.
/// </summary>
internal static class HarvestActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["harvest_source_list"] = new(List, true, Harvest: true);
        actions["harvest_source_show"] = new(Show, true, Harvest: true);
        actions["harvest_source_create"] = new(Create, false, Harvest: true);
        actions["harvest_source_update"] = new(Update, false, Harvest: true);
        actions["harvest_source_delete"] = new(Delete, false, Harvest: true);
        actions["harvesters_info_show"] = new(HarvestersInfo, true, Harvest: true);
    }

    /// <summary>harvesters_info_show: each registered harvester's info() (name, title, description) with show_config (ckanext-harvest's logic/action/get.py).</summary>
    private static JsonNode HarvestersInfo(ActionContext ctx) =>
        new JsonArray(ctx.Options.HarvesterTypes.Select(type => (JsonNode)new JsonObject
        {
            ["name"] = type,
            ["title"] = type == "ckan" ? "CKAN" : type.ToUpperInvariant(),
            ["description"] = type == "ckan" ? "Harvests remote CKAN instances" : $"Harvests {type} sources",
            ["form_config_interface"] = "Text",
            ["show_config"] = true,
        }).ToArray());

    private static JsonNode List(ActionContext ctx)
    {
        if (ctx.Legacy)
            // The DGU fork: every source, active or not, newest first, no paging, no auth needed.
            return new JsonArray(ctx.Store.LegacyHarvestSources
                .OrderByDescending(s => FakeCkanStore.Str(s, "created"), StringComparer.Ordinal)
                .Select(s => s.DeepClone()).ToArray());
        // ckanext-harvest 1.3+: table rows of the harvest datasets, capped at 100.
        return new JsonArray(ctx.Store.Datasets.Values
            .Where(d => FakeCkanStore.Str(d, "type") == "harvest" && FakeCkanStore.Str(d, "state") == "active")
            .OrderByDescending(d => FakeCkanStore.Str(d, "metadata_created"), StringComparer.Ordinal)
            .Take(100)
            .Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d["id"]?.DeepClone(),
                ["url"] = d["url"]?.DeepClone(),
                ["title"] = d["title"]?.DeepClone(),
                ["type"] = d["source_type"]?.DeepClone(),
                ["frequency"] = d["frequency"]?.DeepClone(),
                ["config"] = d["config"]?.DeepClone(),
                ["active"] = true,
                ["publisher_id"] = d["owner_org"]?.DeepClone(),
            }).ToArray());
    }

    private static JsonNode Show(ActionContext ctx)
    {
        var key = ctx.Str("id") ?? ctx.Str("url") ?? throw CkanActionException.Validation("id", "Missing value");
        var d = ctx.Store.FindDataset(key)
                ?? ctx.Store.Datasets.Values.FirstOrDefault(x => FakeCkanStore.Str(x, "type") == "harvest" && FakeCkanStore.Str(x, "url") == key);
        if (d is null || FakeCkanStore.Str(d, "type") != "harvest") throw CkanActionException.NotFound("Not found: Harvest source not found");
        var shown = Render.Dataset(ctx, d);
        shown["active"] = FakeCkanStore.Str(d, "state") == "active";
        return shown;
    }

    /// <summary>harvest_source_create drops any id and sets type=harvest, then runs package_create.</summary>
    private static JsonNode Create(ActionContext ctx)
    {
        var input = (JsonObject)ctx.Params.DeepClone();
        input.Remove("id");
        input["type"] = "harvest";
        return DatasetWriteActions.Create(ctx, input);
    }

    /// <summary>harvest_source_delete is package_delete of the source's dataset (the source then shows active false).</summary>
    private static JsonNode? Delete(ActionContext ctx)
    {
        var d = ctx.Store.FindDataset(ctx.RequireId());
        if (d is null || FakeCkanStore.Str(d, "type") != "harvest") throw CkanActionException.NotFound("Not found: Package was not found.");
        return DatasetWriteActions.Delete(ctx);
    }

    private static JsonNode Update(ActionContext ctx)
    {
        var input = (JsonObject)ctx.Params.DeepClone();
        input["type"] = "harvest";
        return DatasetWriteActions.Update(ctx, input, "Not found: Harvest source not found");
    }
}
