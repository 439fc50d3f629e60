using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Concurrency;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Reporting;

namespace CkanMigrate.Portal;

/// <summary>
/// <c>load KIND</c> for a portal kind, with the core kinds' guarantees: <c>-p</c> records in flight,
/// reported in input order; every line ends created, updated, unchanged, skipped or rejected with its
/// reason (rejected lines copied unchanged to the rejects file); a record the target already holds
/// costs no write; a target without the kind (a plugin or setting it lacks) rejects every record
/// with that reason; a site that stops answering stops the load cleanly, to be run again.
/// </summary>
public sealed class PortalLoadRunner(CkanClient client, CkanSiteInfo site)
{
    /// <summary>The summary of the load under way (or last run), as far as it got: what a caller says when the load is stopped.</summary>
    public PortalLoadSummary? Current { get; private set; }

    public async Task<PortalLoadSummary> RunAsync(PortalLoadOptions options, IAsyncEnumerable<InputLine> input, RecordLog log, Stream? rejects,
        ProgressCounter progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var callsBefore = client.RequestCount;
        var retriesBefore = client.RetryCount;
        var summary = Current = new PortalLoadSummary();
        var load = summary.Load;
        input = await FirstRecordCheckedAsync(input, options.Kind, cancellationToken).ConfigureAwait(false);
        summary.TargetLacks = options.Kind.LoadRefused ?? await options.Kind.MissingAsync(client, site, false, cancellationToken).ConfigureAwait(false);
        var writer = options.Kind.Writer(new PortalTarget(client, site, options.DryRun, options.FilesFolder));
        long lastDone = options.StartLine - 1;
        try
        {
            if (summary.TargetLacks is null) await writer.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var record = new PortalRecordLoader(options, writer, summary.TargetLacks);
            await foreach (var result in OrderedParallel.SelectAsync(Window(input, options, load), options.Parallel, record.LoadAsync, cancellationToken).ConfigureAwait(false))
            {
                load.Count(result.Outcome);
                lastDone = result.Line.Number;
                progress.Advance(failed: result.Outcome == LoadOutcome.Rejected);
                log.Write(Entry(options.Kind, result));
                if (result.Outcome == LoadOutcome.Rejected && rejects is not null) result.Line.CopyTo(rejects);
            }
        }
        catch (CkanApiException e) when (e.IsTransient)
        {
            load.StoppedBecause = e.Describe();
            load.ResumeLine = lastDone + 1;
            load.LinesRead = load.Total; // lines read but not finished are not counted
        }
        finally
        {
            summary.Writes = writer.Writes;
            summary.Warnings = writer.Warnings;
            load.Calls = client.RequestCount - callsBefore;
            load.Retries = client.RetryCount - retriesBefore;
            load.Elapsed = clock.Elapsed;
            load.Strategy = summary.TargetLacks is null ? $"{options.Kind.CliName} read per record" : "nothing (the target cannot hold them)";
        }
        return summary;
    }

    /// <summary>
    /// A file of another kind is refused before anything is read from the target or written to it,
    /// as for the core kinds (<see cref="Entities.KindGuard"/>): its first record that parses says so.
    /// </summary>
    private static async Task<IAsyncEnumerable<InputLine>> FirstRecordCheckedAsync(IAsyncEnumerable<InputLine> input, PortalKind kind, CancellationToken ct)
    {
        var lines = input.GetAsyncEnumerator(ct);
        var held = new List<InputLine>();
        while (await lines.MoveNextAsync().ConfigureAwait(false))
        {
            held.Add(lines.Current);
            if (lines.Current.IsBlank || !lines.Current.TryParseObject(out var record, out _)) continue;
            if (kind.NotOfKind(record!) is { } why)
            {
                var where = lines.Current.Where;
                await lines.DisposeAsync().ConfigureAwait(false);
                throw new Entities.WrongKindException($"{where} is not {kind.RecordName}: {why}; give the kind the file holds");
            }
            break;
        }
        return Replay(held, lines);
    }

    private static async IAsyncEnumerable<InputLine> Replay(List<InputLine> held, IAsyncEnumerator<InputLine> rest)
    {
        foreach (var line in held) yield return line;
        await using (rest.ConfigureAwait(false))
            while (await rest.MoveNextAsync().ConfigureAwait(false))
                yield return rest.Current;
    }

    /// <summary>The lines from -s on, at most -m of them, counted as they are read.</summary>
    private static async IAsyncEnumerable<InputLine> Window(IAsyncEnumerable<InputLine> input, PortalLoadOptions options, LoadSummary summary,
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

    private static JsonObject Entry(PortalKind kind, LoadResult r)
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
        // The dataset of a rejected record becomes pending: an incremental run carries it (and so this record) again.
        if (r.Outcome == LoadOutcome.Rejected && r.Line.TryParseObject(out var record, out _) && kind.DatasetOf(record!) is { } dataset) entry["dataset"] = dataset;
        return entry;
    }
}
