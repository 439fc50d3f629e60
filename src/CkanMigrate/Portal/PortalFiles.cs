using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.Files;
using CkanMigrate.Reporting;

namespace CkanMigrate.Portal;

/// <summary>
/// The uploaded files of the portal kinds (a showcase's image, the site logo, a page's images), kept
/// as the datasets' are: the dump fetches them into a files folder with its manifest (size and
/// SHA-256, <see cref="FileFetcher"/>), and the load sends the file the manifest proves whole. A
/// file that cannot be had is never replaced by a link to the old site: its record says why.
/// </summary>
internal sealed class PortalFiles
{
    private readonly FileManifest? _manifest;

    private PortalFiles(FileManifest? manifest) => _manifest = manifest;

    /// <summary>The files folder of a load, or none (<paramref name="folder"/> null: the load was given no files).</summary>
    public static PortalFiles Open(string? folder) => new(folder is not null && Directory.Exists(folder) ? FileManifest.Open(folder) : null);

    /// <summary>The file's path on disk when the manifest has it and it is whole; else why it cannot be sent.</summary>
    public async Task<(string? Path, string? Missing)> FindAsync(string id, string what, CancellationToken ct)
    {
        if (_manifest is null) return (null, $"{what} is an uploaded file and the load was given no files folder (dump and load with --files; a run does so by itself)");
        if (_manifest.Find(id) is not { } entry) return (null, $"{what} is not in {_manifest.Folder} (dump with --files first)");
        var path = _manifest.PathOf(id);
        return await FileFetcher.IsWholeAsync(path, entry, ct).ConfigureAwait(false)
            ? (path, null)
            : (null, $"{path} is missing or is not the file the manifest describes (size or checksum): dump with --files again");
    }

    /// <summary>The records' files into the folder, <c>-p</c> at a time (each once, however many records name it); each failure logged with its reason.</summary>
    public static async Task<FileSummary> FetchAsync(CkanClient client, PortalKind kind, IEnumerable<UploadedFile> uploads, string folder, int parallel, RecordLog log,
        ProgressCounter progress, CancellationToken ct)
    {
        var summary = new FileSummary();
        using var manifest = FileManifest.Open(folder);
        var fetcher = new FileFetcher(client, manifest);
        var distinct = uploads.DistinctBy(u => u.Id, StringComparer.Ordinal).ToList();
        progress.AddToTotal(distinct.Count);
        await foreach (var outcome in OrderedParallel.SelectAsync(distinct.ToAsyncEnumerable(), parallel, fetcher.FetchAsync, ct).ConfigureAwait(false))
        {
            summary.Count(outcome);
            progress.Advance(failed: outcome.IsFailure);
            if (outcome.Outcome == FileOutcomeKind.Fetched) progress.AddBytes(outcome.Bytes);
            if (outcome.IsFailure)
                log.Write(new JsonObject
                {
                    ["kind"] = kind.CliName,
                    ["key"] = outcome.File.OwnerId,
                    ["file"] = outcome.File.Id,
                    ["outcome"] = "failed",
                    ["error"] = $"{outcome.File.FileName}: {outcome.Reason}",
                });
        }
        return summary;
    }
}
