using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// Showcases into a target, matched by name (ckanext_showcase_create refuses an id, recorded, so
/// each site has its own): the target's showcases read once (ckanext_showcase_list), each one's
/// datasets when it is met. A showcase is written whole only when its own fields differ (an update
/// replaces everything, and fails without image_url: both recorded), its uploaded image sent as a
/// file; then its datasets are made the record's, linked by name (the target's own ids whatever
/// they are). The admins are made the record's (<see cref="ShowcaseAdminsWriter"/>).
/// </summary>
internal sealed class ShowcasesWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private readonly ShowcaseAdminsWriter _admins = new(target);
    private Dictionary<string, JsonObject> _byName = new(StringComparer.Ordinal);
    private PortalFiles _files = PortalFiles.Open(null);

    private CkanClient Client => target.Client;

    public IReadOnlyDictionary<string, long> Writes => _writes.Counts;

    public async Task PrepareAsync(CancellationToken ct)
    {
        var listed = await Client.CallAsync("ckanext_showcase_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        _byName = listed.OfType<JsonObject>().Where(s => JsonText.NonEmpty(s["name"]) is not null)
            .ToDictionary(s => JsonText.NonEmpty(s["name"])!, StringComparer.Ordinal);
        _files = PortalFiles.Open(target.FilesFolder);
    }

    public string? CannotHold(JsonObject record) => null;

    public async Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct)
    {
        if (ShowcaseForm.IsAdmins(record)) return await _admins.FindAsync(ct).ConfigureAwait(false);
        if (!_byName.TryGetValue(JsonText.NonEmpty(record["name"]) ?? "", out var row)) return PortalMatch.None;
        var id = JsonText.NonEmpty(row["id"])!;
        // What the list cannot show (a private dataset, one past the cap) is asked of each dataset the record names.
        // Past the cap the list may also lack links the record does not have: those are not seen, so not taken away.
        var (datasets, _) = await ShowcaseLinks.ListAsync(Client, id, ct).ConfigureAwait(false);
        foreach (var name in ShowcaseForm.DatasetNames(record).Where(n => !datasets.Any(d => d.Name == n)).ToList())
            if ((await ShowcaseLinks.ShowcasesOfAsync(Client, name, ct).ConfigureAwait(false))?.Contains(id) == true)
                datasets.Add((null, name));
        return new PortalMatch(ShowcaseForm.From(row, datasets));
    }

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        if (ShowcaseForm.IsAdmins(record)) return await _admins.WriteAsync(record, existing, _writes, ct).ConfigureAwait(false);
        var refused = new List<string>();
        var done = new List<string>();
        var id = JsonText.NonEmpty(existing?["id"]);
        if (existing is null || !JsonNode.DeepEquals(ShowcaseForm.Metadata(record), ShowcaseForm.Metadata(existing)))
        {
            var (written, imageRefused) = await WriteShowcaseAsync(record, existing, ct).ConfigureAwait(false);
            id = JsonText.NonEmpty(written?["id"]) ?? id;
            if (imageRefused is not null) refused.Add(imageRefused);
            _writes.Add(existing is null ? "showcases created" : "showcases updated");
            done.Add(existing is null ? "created" : "updated");
        }
        if (id is null) return new PortalWrite(LoadOutcome.Rejected, Refused: "the target gave the new showcase no id");
        await LinkAsync(record, existing, id, done, refused, ct).ConfigureAwait(false);
        var note = done.Count == 0 ? null : string.Join(", ", done);
        if (refused.Count > 0) return new PortalWrite(LoadOutcome.Rejected, note is null ? null : $"the rest was written: {note}", string.Join("; ", refused));
        return new PortalWrite(existing is null ? LoadOutcome.Created : LoadOutcome.Updated, note);
    }

    /// <summary>
    /// The showcase's own fields: as JSON, or, when its image is an upload the target lacks, as a
    /// form with the file (then once more as JSON if the form could not carry everything, such as
    /// extras). The showcase as the target answers, and why its image could not go, if so.
    /// </summary>
    private async Task<(JsonObject? Written, string? ImageRefused)> WriteShowcaseAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        var action = existing is null ? "ckanext_showcase_create" : "ckanext_showcase_update";
        var id = JsonText.NonEmpty(existing?["id"]);
        var held = JsonText.Text(existing?["image_url"]) ?? "";
        var image = JsonText.Text(record["image_url"]) ?? "";
        string? imageRefused = null;
        if (ShowcaseImage.UploadedName(record) is { } upload)
        {
            if (ShowcaseImage.UploadedName(existing) is { } there && ShowcaseImage.Same(upload, there))
                image = held; // the target has this file already
            else
            {
                var (path, missing) = await _files.FindAsync(ShowcaseImage.FileId(record, upload), $"its image ({upload})", ct).ConfigureAwait(false);
                if (path is not null)
                {
                    var sent = await Client.CallWithFileAsync(action, ShowcaseForm.Form(record, id, existing is null ? null : held), "image_upload",
                        Comparison.RepresentationRules.UploadedImageName(upload), path, ct).ConfigureAwait(false) as JsonObject;
                    _writes.Add("showcase images sent");
                    var made = sent is null ? null : ShowcaseForm.From(sent, []);
                    if (made is not null && JsonNode.DeepEquals(ShowcaseForm.Metadata(record), ShowcaseForm.Metadata(made))) return (sent, null);
                    (action, id, image) = ("ckanext_showcase_update", JsonText.NonEmpty(sent?["id"]) ?? id, JsonText.Text(sent?["image_url"]) ?? "");
                }
                else
                {
                    imageRefused = $"{missing}: the showcase keeps {(held.Length == 0 ? "no image" : "the target's image")}";
                    image = held;
                }
            }
        }
        return (await Client.CallAsync(action, ShowcaseForm.Write(record, id, image), ct).ConfigureAwait(false) as JsonObject, imageRefused);
    }

    /// <summary>The showcase's datasets made the record's: links made by dataset name, links the record lacks taken away.</summary>
    private async Task LinkAsync(JsonObject record, JsonObject? existing, string id, List<string> done, List<string> refused, CancellationToken ct)
    {
        var wanted = ShowcaseForm.DatasetNames(record);
        var held = existing is null ? [] : ShowcaseForm.DatasetNames(existing);
        int linked = 0, unlinked = 0;
        foreach (var dataset in wanted.Where(d => !held.Contains(d)))
        {
            try
            {
                await Client.CallAsync("ckanext_showcase_package_association_create", new JsonObject { ["showcase_id"] = id, ["package_id"] = dataset }, ct).ConfigureAwait(false);
                linked++;
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && CkanSays.Words(e, "already exists"))
            {
                // linked already (a private dataset the list does not show)
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && CkanSays.Words(e, "Not found"))
            {
                refused.Add($"dataset {dataset} is not on the target: load datasets first");
            }
        }
        foreach (var dataset in held.Where(d => !wanted.Contains(d)))
        {
            await Client.CallAsync("ckanext_showcase_package_association_delete", new JsonObject { ["showcase_id"] = id, ["package_id"] = dataset }, ct).ConfigureAwait(false);
            unlinked++;
        }
        _writes.Add("datasets linked", linked);
        _writes.Add("datasets unlinked", unlinked);
        if (linked > 0) done.Add($"{linked} dataset(s) linked");
        if (unlinked > 0) done.Add($"{unlinked} unlinked");
    }

}
