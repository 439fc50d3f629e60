using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;
using CkanMigrate.Files;

namespace CkanMigrate.Portal.SiteConfig;

/// <summary>
/// The site's runtime-editable settings (config_option_list/show/update, 2.4+, sysadmin only):
/// title, description, about, intro text, custom CSS, logo, theme and whatever else both sites
/// list. One record per setting, {key, value}, matched by key, so that each setting ends with its
/// own outcome (one the target does not offer is rejected with that reason). A run moves them only
/// with <c>--site-config</c>: how a target looks is the operator's decision.
/// </summary>
internal sealed class SiteConfigKind : PortalKind
{
    /// <summary>Listed, but never moved: the target's own address, and the logo upload's helper fields (not settings).</summary>
    public static readonly IReadOnlySet<string> NeverMoved = new HashSet<string>(StringComparer.Ordinal) { "ckan.site_url", "logo_upload", "clear_logo_upload" };

    public override string CliName => "site-config";

    public override string RecordName => "a site setting (key, value)";

    internal override (string[] Has, string[] Never) Fields => (["key", "value"], ["name", "resources", "views", "collaborators"]);

    internal override string Listing => "config_option_list, then config_option_show per setting";

    internal override bool OnlyWhenAsked => true;

    internal override Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) => SiteSettings.MissingAsync(client, site, ct);

    internal override async IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var wanted = request.Keys.ToHashSet(StringComparer.Ordinal);
        var keys = (await SiteSettings.KeysAsync(request.Client, ct).ConfigureAwait(false))
            .Where(k => !NeverMoved.Contains(k) && (wanted.Count == 0 || wanted.Contains(k))).Order(StringComparer.Ordinal).ToList();
        request.Progress.SetTotal(keys.Count);
        foreach (var key in keys) yield return await ShowAsync(request.Client, key, ct).ConfigureAwait(false);
    }

    private static async Task<DumpItem> ShowAsync(CkanClient client, string key, CancellationToken ct)
    {
        try
        {
            var value = await client.CallAsync("config_option_show", new JsonObject { ["key"] = key }, ct).ConfigureAwait(false);
            return DumpItem.Ok(key, new JsonObject { ["key"] = key, ["value"] = value is null ? null : PortalForms.Detached(value) });
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return DumpItem.Failed(key, e);
        }
    }

    internal override (string? Id, string? Name) KeyOf(JsonObject record) => (null, JsonText.NonEmpty(record["key"]));

    /// <summary>The value as text; a logo the site stores as an upload, by its file name without the upload time (each site stamps its own).</summary>
    internal override JsonObject Comparable(JsonObject record) => new()
    {
        ["key"] = JsonText.NonEmpty(record["key"]),
        ["value"] = SiteLogo.UploadedName(record) is { } name ? SiteLogo.Folder + RepresentationRules.UploadedImageName(name) : JsonText.NonEmpty(record["value"]),
    };

    public override bool HoldsFiles => true;

    internal override IEnumerable<UploadedFile> FilesOf(JsonObject record, Uri site) =>
        SiteLogo.UploadedName(record) is { } name ? [SiteLogo.File(name, site)] : [];

    internal override IPortalWriter Writer(PortalTarget target) => new SiteConfigWriter(target);
}
