using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Views;

/// <summary>
/// Resource views. One record per resource: the resource's views in their order, as
/// resource_view_list gives them (a resource without views is a record too, so that the views CKAN
/// made by itself on the target are deleted where the source has none). Matched by resource id,
/// then by the resource's place in its dataset (the dataset by id, then name), as the datasets
/// load matches datasets. A record is the same on the target when the same views (type, title,
/// description, the type's settings) stand in the same order; ids are the site's own.
/// </summary>
internal sealed class ViewsKind : PortalKind
{
    public override string CliName => "views";

    public override string RecordName => "a resource's views (resource_id, views)";

    internal override (string[] Has, string[] Never) Fields => (["resource_id", "views"], ["collaborators", "resources"]);

    internal override string Listing => "resource_view_list per resource";

    /// <summary>Asked, not read off the version: a site without views (before 2.3) does not know resource_view_list (a bare 400).</summary>
    internal override async Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct)
    {
        try
        {
            await client.CallAsync("resource_view_list", new JsonObject { ["id"] = Preflight.TargetProbes.NotAUuid }, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.BadRequest)
        {
            return $"CKAN {site.Capabilities} has no resource views (no resource_view_list: they came with 2.3)";
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            // Not found, or not allowed to read it: the action is there.
        }
        return null;
    }

    internal override IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, CancellationToken ct) => ViewsDump.ReadAsync(request, ct);

    internal override (string? Id, string? Name) KeyOf(JsonObject record) =>
        (JsonText.NonEmpty(record["resource_id"]), ResourcePlace.Of(record)?.ToString());

    internal override JsonObject Comparable(JsonObject record) => new()
    {
        ["views"] = new JsonArray((record["views"] as JsonArray ?? []).OfType<JsonObject>().Select(v => (JsonNode?)ViewForm.Comparable(v)).ToArray()),
    };

    internal override IPortalWriter Writer(PortalTarget target) => new ViewsWriter(target);

    internal override string? DatasetOf(JsonObject record) => JsonText.NonEmpty(record["package_id"]) ?? JsonText.NonEmpty(record["package_name"]);
}
