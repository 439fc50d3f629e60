using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// Pages into a target: each found with ckanext_pages_show (null when there is none, recorded) and
/// written whole with ckanext_pages_update, which creates or updates by name and answers null. Its
/// content's uploaded images go up first with ckanext_pages_upload and the content names the
/// target's URLs; an image the target's copy already has (the same file name) is not sent again. A
/// page gone at the source is deleted (ckanext_pages_delete).
/// </summary>
internal sealed class PagesWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private PortalFiles _files = PortalFiles.Open(null);

    public IReadOnlyDictionary<string, long> Writes => _writes.Counts;

    public Task PrepareAsync(CancellationToken ct)
    {
        _files = PortalFiles.Open(target.FilesFolder);
        return Task.CompletedTask;
    }

    public string? CannotHold(JsonObject record) => null;

    public async Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct) =>
        await target.Client.CallAsync("ckanext_pages_show", new JsonObject { ["page"] = JsonText.NonEmpty(record["name"]) }, ct).ConfigureAwait(false) is JsonObject shown
            ? new PortalMatch(PageForm.FromShown(shown))
            : PortalMatch.None;

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        var name = JsonText.NonEmpty(record["name"])!;
        if (PageForm.IsGone(record))
        {
            await target.Client.CallAsync("ckanext_pages_delete", new JsonObject { ["page"] = name }, ct).ConfigureAwait(false);
            _writes.Add("pages deleted");
            return new PortalWrite(LoadOutcome.Updated, "deleted: gone at the source since the last run");
        }
        var (content, sent, refused) = await ContentAsync(JsonText.Text(record["content"]) ?? "", JsonText.Text(existing?["content"]), ct).ConfigureAwait(false);
        await target.Client.CallAsync("ckanext_pages_update", PageForm.Write(record, content), ct).ConfigureAwait(false);
        _writes.Add(existing is null ? "pages created" : "pages updated");
        var note = sent == 0 ? null : $"{sent} image(s) sent";
        if (refused.Count > 0) return new PortalWrite(LoadOutcome.Rejected, $"the rest was written{(note is null ? "" : $": {note}")}", string.Join("; ", refused));
        return new PortalWrite(existing is null ? LoadOutcome.Created : LoadOutcome.Updated, note);
    }

    /// <summary>The content with its uploaded images on the target: the target copy's where it has the same file, else sent now.</summary>
    private async Task<(string Content, int Sent, List<string> Refused)> ContentAsync(string content, string? held, CancellationToken ct)
    {
        var there = PageImages.In(held).GroupBy(i => PageImages.Key(i.Name), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Url, StringComparer.Ordinal);
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        var refused = new List<string>();
        var sent = 0;
        foreach (var image in PageImages.In(content))
        {
            if (there.TryGetValue(PageImages.Key(image.Name), out var kept))
            {
                urls[image.Url] = kept;
                continue;
            }
            var (path, missing) = await _files.FindAsync(image.FileId, $"image {image.Name}", ct).ConfigureAwait(false);
            if (path is null)
            {
                refused.Add($"{missing}: the page still names the source's copy");
                continue;
            }
            var uploaded = await target.Client.CallWithFileAsync("ckanext_pages_upload", new Dictionary<string, string>(), "upload", PageImages.Key(image.Name), path, ct).ConfigureAwait(false);
            if (JsonText.NonEmpty(uploaded?["url"]) is not { } url)
            {
                refused.Add($"image {image.Name}: the target did not take it ({JsonText.NonEmpty(uploaded?["error"]?["message"]) ?? "no URL in its answer"})");
                continue;
            }
            urls[image.Url] = url;
            there[PageImages.Key(image.Name)] = url;
            sent++;
            _writes.Add("page images sent");
        }
        return (PageImages.Rewritten(content, urls), sent, refused);
    }
}
