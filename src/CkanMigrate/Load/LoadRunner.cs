using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.Load;

/// <summary>
/// <c>load</c>: puts the records of a JSON Lines file into a CKAN site. Reads the target's existing
/// records first, then handles input lines with <c>-p</c> in flight, reporting them in input order.
/// Every line ends in one <see cref="LoadOutcome"/>; rejected lines are copied unchanged to the
/// rejects file. A transient failure that outlasts the retries stops the run cleanly: what was
/// done is logged, and running the same command again finishes the job (done records are unchanged).
/// </summary>
public sealed class LoadRunner(CkanClient client, CkanSiteInfo site)
{
    public async Task<LoadSummary> RunAsync(LoadOptions options, IAsyncEnumerable<InputLine> input, RecordLog log, Stream? rejects,
        ProgressCounter progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var callsBefore = client.RequestCount;
        var retriesBefore = client.RetryCount;
        var summary = new LoadSummary();

        var index = await new TargetIndexReader(client, site).ReadAsync(options.Entity, cancellationToken).ConfigureAwait(false);
        summary.Strategy = index is null ? "show per record" : $"bulk index of {index.Count} target records";
        var loader = new RecordLoader(client, site, options, index);

        long lastDone = options.StartLine - 1;
        try
        {
            var lines = Window(input, options, summary);
            await foreach (var result in OrderedParallel.SelectAsync(lines, options.Parallel, loader.LoadAsync, cancellationToken).ConfigureAwait(false))
            {
                summary.Count(result.Outcome);
                lastDone = result.Line.Number;
                progress.Advance(failed: result.Outcome == LoadOutcome.Rejected);
                log.Write(Entry(result));
                if (result.Outcome == LoadOutcome.Rejected && rejects is not null) result.Line.CopyTo(rejects);
            }
        }
        catch (CkanApiException e) when (e.IsTransient)
        {
            summary.StoppedBecause = e.Describe();
            summary.ResumeLine = lastDone + 1;
            // Lines read but not finished are not counted: the summary covers what was done.
            summary.LinesRead = summary.Total;
        }
        finally
        {
            summary.Calls = client.RequestCount - callsBefore;
            summary.Retries = client.RetryCount - retriesBefore;
            summary.Elapsed = clock.Elapsed;
        }
        return summary;
    }

    /// <summary>The lines from -s on, at most -m of them, counted as they are read.</summary>
    private static async IAsyncEnumerable<InputLine> Window(IAsyncEnumerable<InputLine> input, LoadOptions options, LoadSummary summary,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in input.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (line.Number < options.StartLine) continue;
            if (options.MaxLines is { } max && summary.LinesRead >= max) yield break;
            summary.LinesRead++;
            yield return line;
        }
    }

    private static JsonObject Entry(LoadResult r)
    {
        var entry = new JsonObject
        {
            ["line"] = r.Line.Number,
            ["id"] = r.Id,
            ["name"] = r.Name,
            ["outcome"] = r.Outcome.ToString().ToLowerInvariant(),
        };
        if (r.Error is not null) entry["error"] = r.Error;
        if (r.Note is not null) entry["note"] = r.Note;
        return entry;
    }
}
