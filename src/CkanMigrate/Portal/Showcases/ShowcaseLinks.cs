using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// Which datasets a showcase shows, read as ckanext-showcase 1.8 lets them be read
/// (logic/action/get.py): ckanext_showcase_package_list runs a package_search of the linked ids
/// with rows 100 and no include_private, so it gives at most 100 datasets and never a private
/// one; ckanext_package_showcase_list gives a dataset's showcases, private dataset or not. So a
/// showcase's list is complete only when it is short of 100 and no private dataset could be in it;
/// the rest is asked dataset by dataset.
/// </summary>
internal static class ShowcaseLinks
{
    /// <summary>The rows package_search gives ckanext_showcase_package_list.</summary>
    public const int ListCap = 100;

    /// <summary>A showcase's datasets as its list gives them (id, name), and whether the list may be cut short at the cap.</summary>
    public static async Task<(List<(string? Id, string Name)> Datasets, bool Capped)> ListAsync(CkanClient client, string showcaseId, CancellationToken ct)
    {
        var rows = await client.CallAsync("ckanext_showcase_package_list", new JsonObject { ["showcase_id"] = showcaseId }, ct).ConfigureAwait(false) as JsonArray ?? [];
        var datasets = rows.OfType<JsonObject>().Where(d => JsonText.NonEmpty(d["name"]) is not null)
            .Select(d => (JsonText.NonEmpty(d["id"]), JsonText.NonEmpty(d["name"])!)).ToList();
        return (datasets, rows.Count >= ListCap);
    }

    /// <summary>The ids of the showcases one dataset is in (null when the site has no such dataset).</summary>
    public static async Task<HashSet<string>?> ShowcasesOfAsync(CkanClient client, string dataset, CancellationToken ct)
    {
        try
        {
            var rows = await client.CallAsync("ckanext_package_showcase_list", new JsonObject { ["package_id"] = dataset }, ct).ConfigureAwait(false) as JsonArray ?? [];
            return rows.OfType<JsonObject>().Select(s => JsonText.NonEmpty(s["id"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.Validation or CkanErrorKind.NotFound)
        {
            return null; // "package_id: Not found: Dataset"
        }
    }
}
