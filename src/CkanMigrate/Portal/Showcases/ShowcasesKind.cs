using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;
using CkanMigrate.Files;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// ckanext-showcase's showcases (datasets of type showcase, which the datasets kind leaves out:
/// <see cref="Entities.OwnKindTypes"/>): one record per showcase (<see cref="ShowcaseForm"/>: its
/// fields, its image, its datasets by name), then one record of the site's showcase admins.
/// Matched by name, as ckanext_showcase_create refuses an id.
/// </summary>
internal sealed class ShowcasesKind : PortalKind
{
    public override string CliName => "showcases";

    public override string RecordName => "a showcase (type showcase, name, datasets) or the showcase admins (type showcase_admins, admins)";

    internal override (string[] Has, string[] Never) Fields => (["type"], ["resources", "views", "collaborators", "owner_org", "key"]);

    /// <summary>A showcase or the admins: by its type, as a datasets file (whose records have types too) is not.</summary>
    internal override string? NotOfKind(JsonObject record) =>
        base.NotOfKind(record) ?? JsonText.NonEmpty(record["type"]) switch
        {
            ShowcaseForm.Type => record.ContainsKey("name") ? null : "it has no name",
            ShowcaseForm.AdminsType => record.ContainsKey("admins") ? null : "it has no admins",
            var other => $"its type is {other ?? "none"}, not {ShowcaseForm.Type} or {ShowcaseForm.AdminsType}",
        };

    internal override string Listing => "ckanext_showcase_list, then ckanext_showcase_package_list per showcase";

    /// <summary>
    /// Read off the site's plugins (status_show lists "showcase", recorded), at no cost to a site
    /// without showcases; reading the admins and writing showcases need a sysadmin's key.
    /// </summary>
    internal override Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) =>
        Task.FromResult(!site.HasExtension("showcase") ? "the showcase plugin (ckanext-showcase) is not enabled there (not among its extensions)"
            : site.Key.Sysadmin ? null : "only a sysadmin key can read the showcase admins and write showcases");

    internal override IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, CancellationToken ct) => ShowcasesDump.ReadAsync(request, ct);

    internal override (string? Id, string? Name) KeyOf(JsonObject record) =>
        ShowcaseForm.IsAdmins(record) ? (null, ShowcaseForm.AdminsName) : (JsonText.NonEmpty(record["id"]), JsonText.NonEmpty(record["name"]));

    internal override JsonObject Comparable(JsonObject record) => ShowcaseForm.Comparable(record);

    public override bool HoldsFiles => true;

    internal override IEnumerable<UploadedFile> FilesOf(JsonObject record, Uri site) =>
        ShowcaseImage.UploadedName(record) is { } name ? [ShowcaseImage.File(record, name, site)] : [];

    internal override IPortalWriter Writer(PortalTarget target) => new ShowcasesWriter(target);

    /// <summary>The admins, when the source has none left: the record that takes the rest away on the target (a showcase gone at the source stays).</summary>
    internal override JsonObject? Emptied(JsonObject earlier) =>
        ShowcaseForm.IsAdmins(earlier) && ShowcaseForm.AdminNames(earlier).Count > 0 ? ShowcaseForm.Admins([]) : null;
}
