using System.Diagnostics;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;
using CkanMigrate.Files;
using CkanMigrate.Indexing;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.Portal;

/// <summary>
/// <c>dump KIND</c> for a portal kind: the kind's records as JSON Lines, in its order. A record the
/// site refuses to give is counted and logged with its reason; a source without the kind (a plugin
/// or setting it lacks) gives none, and the summary says why.
/// </summary>
public sealed class PortalDumpRunner(CkanClient client, CkanSiteInfo site)
{
    /// <summary>The summary's strategy when the source has no such records to give (its warning says why).</summary>
    public const string NoListing = "none (the source has none to give)";

    /// <param name="keys">records to dump, as the kind names them; empty for all</param>
    /// <param name="datasets">a datasets dump of this source to read resources and names from instead of asking again, or null</param>
    /// <param name="earlier">the last dump of the kind (a run's), whose records this one lacks are written as emptied (<see cref="PortalKind.Emptied"/>), or null</param>
    /// <param name="filesFolder">where to fetch the records' uploaded files (an image, a logo), or null to fetch none</param>
    public async Task<DumpSummary> RunAsync(PortalKind kind, IReadOnlyList<string> keys, string? datasets, int parallel, Stream output, RecordLog log,
        ProgressCounter progress, CancellationToken cancellationToken = default, string? earlier = null, string? filesFolder = null)
    {
        var clock = Stopwatch.StartNew();
        var callsBefore = client.RequestCount;
        var retriesBefore = client.RetryCount;
        long written = 0, failed = 0, emptiedCount = 0;
        var warnings = new List<string>();
        var missing = await kind.MissingAsync(client, site, true, cancellationToken).ConfigureAwait(false);
        var uploads = filesFolder is null ? null : new List<UploadedFile>();
        if (missing is not null) warnings.Add($"the source has no {kind.CliName}: {missing}");
        else
        {
            using var writer = new JsonLinesWriter(output);
            using var seen = new SeenKeys();
            var request = new PortalDumpRequest(client, site, parallel, keys, datasets, progress, filesFolder);
            await foreach (var item in kind.DumpAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (item.Record is { } record)
                {
                    writer.Write(record);
                    written++;
                    uploads?.AddRange(kind.FilesOf(record, client.BaseUrl));
                    progress.Advance();
                    if (earlier is not null) seen.Add(KeyOf(kind, record));
                    continue;
                }
                failed++;
                progress.Advance(failed: true);
                log.Write(new JsonObject { ["kind"] = kind.CliName, ["key"] = item.Key, ["outcome"] = "failed", ["error"] = item.Error?.Describe() });
            }
            if (earlier is not null && failed == 0 && File.Exists(earlier))
                await foreach (var emptied in EmptiedAsync(kind, earlier, seen, cancellationToken).ConfigureAwait(false))
                {
                    writer.Write(emptied);
                    written++;
                    emptiedCount++;
                }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var files = uploads is { Count: > 0 } ? await PortalFiles.FetchAsync(client, kind, uploads, filesFolder!, parallel, log, progress, cancellationToken).ConfigureAwait(false) : null;
        if (emptiedCount > 0) warnings.Add($"{emptiedCount} {kind.CliName} record(s) of the last dump are gone at the source: written as emptied, so the target loses them too");
        return new DumpSummary(kind.CliName, missing is null ? kind.Listing : NoListing, written, failed, 0, null,
            client.RequestCount - callsBefore, client.RetryCount - retriesBefore, clock.Elapsed, warnings) { Unproven = null, Files = files };
    }

    /// <summary>The last dump's records this one lacks, each as the kind's "none any more" (a dump with failures proves nothing gone).</summary>
    private static async IAsyncEnumerable<JsonObject> EmptiedAsync(PortalKind kind, string earlier, SeenKeys seen,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in JsonLinesReader.ReadAsync(earlier, ct).ConfigureAwait(false))
            if (!line.IsBlank && line.TryParseObject(out var record, out _) && KeyOf(kind, record!) is { } key && !seen.Contains(key) && kind.Emptied(record!) is { } emptied)
                yield return emptied;
    }

    /// <summary>What tells a record from the others of its dump: its id, or the name of one that has none of its own (a user's follows, a page).</summary>
    private static string? KeyOf(PortalKind kind, JsonObject record) => kind.KeyOf(record) is var (id, name) ? id ?? name : null;
}
