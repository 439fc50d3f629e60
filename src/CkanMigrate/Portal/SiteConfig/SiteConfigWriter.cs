using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.SiteConfig;

/// <summary>
/// Settings into a target: the keys it offers read once (config_option_list); each setting read
/// with config_option_show and written alone with config_option_update (a key outside the target's
/// schema is a 409 for the whole call, so one setting never stops another). An uploaded logo goes
/// up as a file (logo_upload, multipart, with no other field: CKAN reads a lone form field as JSON).
/// </summary>
internal sealed class SiteConfigWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private HashSet<string> _offered = new(StringComparer.Ordinal);
    private PortalFiles _files = PortalFiles.Open(null);

    public IReadOnlyDictionary<string, long> Writes => _writes.Counts;

    public async Task PrepareAsync(CancellationToken ct)
    {
        _offered = (await SiteSettings.KeysAsync(target.Client, ct).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        _files = PortalFiles.Open(target.FilesFolder);
    }

    public string? CannotHold(JsonObject record)
    {
        var key = JsonText.NonEmpty(record["key"]) ?? "";
        if (SiteConfigKind.NeverMoved.Contains(key)) return $"{key} is never moved: it is the target's own";
        return _offered.Contains(key) ? null : $"the target does not let {key} be set at runtime (it is not among its config_option_list)";
    }

    public async Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct)
    {
        var key = JsonText.NonEmpty(record["key"])!;
        if (CannotHold(record) is not null) return PortalMatch.None;
        var value = await target.Client.CallAsync("config_option_show", new JsonObject { ["key"] = key }, ct).ConfigureAwait(false);
        return new PortalMatch(new JsonObject { ["key"] = key, ["value"] = value is null ? null : PortalForms.Detached(value) });
    }

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        if (CannotHold(record) is { } cannot) return new PortalWrite(LoadOutcome.Rejected, Refused: cannot);
        var key = JsonText.NonEmpty(record["key"])!;
        if (SiteLogo.UploadedName(record) is { } logo)
        {
            var (path, missing) = await _files.FindAsync(SiteLogo.FileId(logo), $"the logo ({logo})", ct).ConfigureAwait(false);
            if (path is null) return new PortalWrite(LoadOutcome.Rejected, Refused: $"{missing}: the target keeps its own logo");
            await target.Client.CallWithFileAsync("config_option_update", new Dictionary<string, string>(), "logo_upload",
                Comparison.RepresentationRules.UploadedImageName(logo), path, ct).ConfigureAwait(false);
            _writes.Add("logos sent");
        }
        else
        {
            // A setting the source leaves at its default is "" on the target too, not the target's own value.
            await target.Client.CallAsync("config_option_update", new JsonObject { [key] = JsonText.Text(record["value"]) ?? "" }, ct).ConfigureAwait(false);
        }
        _writes.Add("settings updated");
        return new PortalWrite(LoadOutcome.Updated);
    }
}
