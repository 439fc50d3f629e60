using System.Diagnostics;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;
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
    /// <param name="keys">records to dump, as the kind names them; empty for all</param>
    /// <param name="datasets">a datasets dump of this source to read resources and names from instead of asking again, or null</param>
    public async Task<DumpSummary> RunAsync(PortalKind kind, IReadOnlyList<string> keys, string? datasets, int parallel, Stream output, RecordLog log,
        ProgressCounter progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var callsBefore = client.RequestCount;
        var retriesBefore = client.RetryCount;
        long written = 0, failed = 0;
        var warnings = new List<string>();
        var missing = await kind.MissingAsync(client, site, true, cancellationToken).ConfigureAwait(false);
        if (missing is not null) warnings.Add($"the source has no {kind.CliName}: {missing}");
        else
        {
            using var writer = new JsonLinesWriter(output);
            var request = new PortalDumpRequest(client, site, parallel, keys, datasets, progress);
            await foreach (var item in kind.DumpAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (item.Record is { } record)
                {
                    writer.Write(record);
                    written++;
                    progress.Advance();
                    continue;
                }
                failed++;
                progress.Advance(failed: true);
                log.Write(new JsonObject { ["kind"] = kind.CliName, ["key"] = item.Key, ["outcome"] = "failed", ["error"] = item.Error?.Describe() });
            }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new DumpSummary(kind.CliName, missing is null ? kind.Listing : "none", written, failed, 0, null,
            client.RequestCount - callsBefore, client.RetryCount - retriesBefore, clock.Elapsed, warnings) { Unproven = null };
    }
}
