using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;
using CkanMigrate.Files;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// ckanext-pages' site pages and blog posts. One record per page, as ckanext_pages_show gives it
/// less what the site makes itself (<see cref="PageForm"/>): name, title, content, page_type,
/// order, private, publish_date and the schema's extra fields. Matched by name (the page's id is
/// the site's own: ckanext_pages_update takes none). Images uploaded into a page's content move as
/// files. A page the last run's dump had and the source no longer has goes from the target too.
/// </summary>
internal sealed class PagesKind : PortalKind
{
    public override string CliName => "pages";

    public override string RecordName => "a page (name, title, content)";

    internal override (string[] Has, string[] Never) Fields => (["name", "title"], ["resources", "views", "collaborators", "owner_org", "key", "datasets"]);

    internal override string Listing => "ckanext_pages_list, then ckanext_pages_show per page";

    internal override Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) => PagesPlugin.MissingAsync(client, site, ct);

    internal override IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, CancellationToken ct) => PagesDump.ReadAsync(request, ct);

    internal override (string? Id, string? Name) KeyOf(JsonObject record) => (null, JsonText.NonEmpty(record["name"]));

    internal override JsonObject Comparable(JsonObject record) => PageForm.Comparable(record);

    public override bool HoldsFiles => true;

    internal override IEnumerable<UploadedFile> FilesOf(JsonObject record, Uri site) =>
        PageImages.In(JsonText.Text(record["content"])).Select(i => i.File(site, JsonText.NonEmpty(record["name"]) ?? ""));

    internal override IPortalWriter Writer(PortalTarget target) => new PagesWriter(target);

    /// <summary>A page gone at the source since the last run: the record that takes it off the target.</summary>
    internal override JsonObject? Emptied(JsonObject earlier) => PageForm.IsGone(earlier) ? null : new JsonObject
    {
        ["name"] = earlier["name"]?.DeepClone(),
        ["title"] = earlier["title"]?.DeepClone(),
        [PageForm.Gone] = true,
    };
}
