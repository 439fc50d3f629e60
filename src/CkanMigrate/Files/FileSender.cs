using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;

namespace CkanMigrate.Files;

/// <summary>
/// Sends a loaded dataset's uploaded files to the target: for each resource with
/// <c>url_type: "upload"</c>, the file the dump fetched (found in the manifest by the source
/// resource id) goes up with a multipart <c>resource_patch</c> (<c>upload</c>), so the target
/// stores and serves it itself; the resource's own last_modified is then put back (CKAN sets the
/// upload time). A file sent before (sent.tsv: same site, resource, checksum and size) costs no
/// call; one sent from elsewhere (another work folder, another machine) is recognised by what the
/// target says of its resource — an upload of the same file name, size and last_modified — and
/// costs no bytes. A file missing from the folder, not the one the manifest describes, or refused by
/// the target (too large) fails with that reason: the record is never left linking to the old site silently.
/// </summary>
/// <param name="siteNames">how the target is named in sent.tsv (<see cref="SentFiles.NamesOf"/>): its own identity first</param>
internal sealed class FileSender(CkanClient client, FileManifest manifest, SentFiles sent, IReadOnlyList<string> siteNames)
{
    /// <param name="targetResourceIds">the target's id for each source resource id (the same where the target kept ids)</param>
    /// <param name="targetRecord">the target's copy of the record, asked for only when a file is not in sent.tsv</param>
    /// <param name="justCreated">the record was created on the target by this load: it holds none of its files, so nothing is asked</param>
    public async Task<List<FileOutcome>> SendAsync(JsonObject record, IReadOnlyDictionary<string, string> targetResourceIds,
        Func<CancellationToken, Task<JsonObject?>> targetRecord, bool justCreated, CancellationToken ct)
    {
        var outcomes = new List<FileOutcome>();
        var owner = JsonText.Text(record["id"]) ?? JsonText.Text(record["name"]) ?? "";
        foreach (var resource in (record["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!UploadFinder.IsUpload(resource) || JsonText.Text(resource["id"]) is not { Length: > 0 } id) continue;
            var name = JsonText.Text(resource["url"]) is { Length: > 0 } url ? url.TrimEnd('/').Split('/')[^1] : id;
            var file = new UploadedFile(id, owner, JsonText.Text(resource["url"]) ?? "", name);
            outcomes.Add(await SendOneAsync(file, resource, targetResourceIds.GetValueOrDefault(id, id), justCreated ? null : targetRecord, ct).ConfigureAwait(false));
        }
        return outcomes;
    }

    /// <summary>
    /// An organization's or group's uploaded image, sent with a multipart patch (<c>image_upload</c>):
    /// the target stores it under its own new name and serves it from its own /uploads/group/.
    /// </summary>
    public async Task<List<FileOutcome>> SendImageAsync(JsonObject record, string targetId, string patchAction, CancellationToken ct)
    {
        if (!UploadFinder.IsUploadedImage(record["image_url"], out var name) || JsonText.Text(record["id"]) is not { Length: > 0 } id) return [];
        var file = new UploadedFile(id, id, name, name);
        if (manifest.Find(id) is not { } entry)
            return [FileOutcome.Failed(file, $"its image is not in {manifest.Folder} (dump with --files first): it would show nothing")];
        if (sent.Has(siteNames, targetId, entry)) return [FileOutcome.AlreadyThere(file, entry.Size)];
        var path = manifest.PathOf(id);
        if (!await FileFetcher.IsWholeAsync(path, entry, ct).ConfigureAwait(false))
            return [FileOutcome.Failed(file, $"{path} is missing or is not the file the manifest describes (size or checksum): dump with --files again")];
        try
        {
            await client.CallWithFileAsync(patchAction, new Dictionary<string, string> { ["id"] = targetId }, "image_upload", StoredName(entry.Name), path, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
        {
            return [FileOutcome.Failed(file, $"the target refused it: {e.Describe()}")];
        }
        sent.Add(siteNames[0], targetId, entry);
        return [FileOutcome.Sent(file, entry.Size)];
    }

    /// <summary>The name without the source's upload-time prefix: the target adds its own.</summary>
    private static string StoredName(string name) => RepresentationRules.UploadedImageName(name);

    private async Task<FileOutcome> SendOneAsync(UploadedFile file, JsonObject resource, string targetId, Func<CancellationToken, Task<JsonObject?>>? targetRecord,
        CancellationToken ct)
    {
        if (manifest.Find(file.Id) is not { } entry)
            return FileOutcome.Failed(file, $"its file is not in {manifest.Folder} (dump with --files first): the resource would link to nothing");
        if (sent.Has(siteNames, targetId, entry)) return FileOutcome.AlreadyThere(file, entry.Size);
        if (targetRecord is not null && await HoldsUploadAsync(await targetRecord(ct).ConfigureAwait(false), targetId, entry, resource, ct).ConfigureAwait(false))
        {
            sent.Add(siteNames[0], targetId, entry);
            return FileOutcome.AlreadyThere(file, entry.Size);
        }
        var path = manifest.PathOf(file.Id);
        if (!await FileFetcher.IsWholeAsync(path, entry, ct).ConfigureAwait(false))
            return FileOutcome.Failed(file, $"{path} is missing or is not the file the manifest describes (size or checksum): dump with --files again");
        try
        {
            await client.CallWithFileAsync("resource_patch", new Dictionary<string, string> { ["id"] = targetId }, "upload", entry.Name, path, ct).ConfigureAwait(false);
            if (JsonText.Text(resource["last_modified"]) is { Length: > 0 } lastModified)
                await client.CallAsync("resource_patch", new JsonObject { ["id"] = targetId, ["last_modified"] = lastModified }, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
        {
            return FileOutcome.Failed(file, $"the target refused it: {e.Describe()}");
        }
        sent.Add(siteNames[0], targetId, entry);
        return FileOutcome.Sent(file, entry.Size);
    }

    /// <summary>
    /// Whether the target's resource is an upload of this file: its metadata says so (an upload of
    /// the same file name, with the source's last_modified, which the sender puts back after each
    /// upload) and the target serves a file of that size there (a HEAD of its download URL: metadata
    /// written without its file, by a run stopped between the two, serves none).
    /// </summary>
    private async Task<bool> HoldsUploadAsync(JsonObject? target, string targetId, FileEntry entry, JsonObject resource, CancellationToken ct)
    {
        var there = (target?["resources"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r => JsonText.Text(r["id"]) == targetId);
        if (there is null || !UploadFinder.IsUpload(there) || JsonText.Text(target!["id"]) is not { } datasetId
            || JsonText.Text(there["url"])?.TrimEnd('/').Split('/')[^1] != entry.Name
            || JsonText.Text(resource["last_modified"]) is not { Length: > 0 } modified || JsonText.Text(there["last_modified"]) != modified)
            return false;
        // The target's own path, under the URL it is reached by (its site_url may name another host, e.g. behind a proxy).
        var download = new Uri($"{client.BaseUrl.AbsoluteUri.TrimEnd('/')}/dataset/{datasetId}/resource/{targetId}/download/{Uri.EscapeDataString(entry.Name)}");
        return await client.StoredLengthAsync(download, ct).ConfigureAwait(false) == entry.Size;
    }
}
