using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Concurrency;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;
using CkanMigrate.Entities;

namespace CkanMigrate.Migrations;

/// <summary>
/// Streams a JSON Lines file through an <see cref="IRecordConverter"/> on every core: lines are cut
/// into batches, batches are converted in parallel (a converter is a pure record → record step),
/// and the results are written in input order with each record's keys in their original order, so
/// the output is the same bytes whatever the number of cores. Every line ends converted, skipped or
/// rejected (rejected lines copied unchanged to the rejects stream). Only the batches in flight are
/// held in memory.
/// </summary>
public sealed class ConvertRunner(IRecordConverter converter, int threads = 0)
{
    private const int BatchLines = 512;
    private const int BatchBytes = 1 << 20;

    private sealed record Batch(List<InputLine> Lines, List<ConversionResult> Results, MemoryStream Output);

    /// <summary>Batch outputs written out and ready again: new ones every batch would have the kernel zero fresh pages for each.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<MemoryStream> _spare = [];

    public async Task<ConvertSummary> RunAsync(IAsyncEnumerable<InputLine> input, Stream output, RecordLog log, Stream? rejects,
        ProgressCounter progress, ConvertSummary? summary = null, CancellationToken cancellationToken = default)
    {
        summary ??= new ConvertSummary();
        var clock = Stopwatch.StartNew();
        var degree = threads > 0 ? threads : Environment.ProcessorCount;
        // Twice as many batches in flight as cores: one stage waiting on another (the reader inflating, the writer compressing) leaves no core idle.
        await foreach (var batch in OrderedParallel.SelectAsync(LineBatches.Of(input, BatchLines, BatchBytes, cancellationToken), 2 * degree,
                           (lines, ct) => Task.Run(() => ConvertBatch(lines), ct), cancellationToken).ConfigureAwait(false))
        {
            output.Write(batch.Output.GetBuffer(), 0, (int)batch.Output.Length);
            _spare.Add(batch.Output);
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var (line, result) = (batch.Lines[i], batch.Results[i]);
                summary.Count(line, result, rejects);
                progress.Advance(failed: result.Outcome == ConversionOutcome.Rejected);
                if (log.Wants(Reporting.OutcomeWords.Of(result.Outcome))) log.Write(Entry(line, result));
            }
        }
        summary.Elapsed += clock.Elapsed;
        return summary;
    }

    /// <summary>One batch on one thread: each line's record written (with its \n) to the batch's output, its result kept for the counts and the log.</summary>
    private Batch ConvertBatch(List<InputLine> lines)
    {
        var output = _spare.TryTake(out var spare) ? spare : new MemoryStream(BatchBytes * 2);
        output.SetLength(0);
        var results = new List<ConversionResult>(lines.Count);
        using var writer = new Utf8JsonWriter(output, JsonLineFormat.Options);
        var raw = converter as IRawRecordConverter;
        foreach (var line in lines)
        {
            ConversionResult result;
            if (raw is not null && !line.IsBlank)
            {
                var mark = output.Length;
                writer.Reset(output);
                result = raw.ConvertRaw(line.Raw, writer);
                writer.Flush();
                if (result.Outcome == ConversionOutcome.Converted && result.Record is null) output.WriteByte((byte)'\n');
                else output.SetLength(mark); // nothing usable was written
                if (result.Outcome == ConversionOutcome.Rejected) result = result with { Reason = $"{line.Where}: {result.Reason}" };
            }
            else
            {
                result = Convert(line);
            }
            if (result.Outcome == ConversionOutcome.Converted && result.Record is not null)
            {
                JsonLineFormat.WriteLineInOrder(writer, output, result.Record);
                result = result with { Record = null }; // written: the batch need not hold the tree
            }
            results.Add(result);
        }
        return new Batch(lines, results, output);
    }

    private ConversionResult Convert(InputLine line)
    {
        if (line.IsBlank) return ConversionResult.Skipped("blank line");
        if (!line.TryParseObject(out var record, out var error)) return ConversionResult.Rejected($"{line.Where}: {error}");
        // Nothing could match it on a target, and nothing would name it in a log or a report.
        if (RecordChecks.Key(record!) is null) return ConversionResult.Rejected($"{line.Where}: {RecordChecks.NoKey}");
        var result = converter.Convert(record!);
        return result.Outcome == ConversionOutcome.Rejected ? result with { Reason = $"{line.Where}: {result.Reason}" } : result;
    }

    private static JsonObject Entry(InputLine line, ConversionResult result)
    {
        var entry = new JsonObject
        {
            ["line"] = line.Number,
            ["outcome"] = Reporting.OutcomeWords.Of(result.Outcome),
        };
        if (result.Reason is not null) entry["reason"] = result.Reason;
        if (result.Notes.Count > 0)
            entry["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode)$"{n.Category}: {n.Value}").ToArray());
        return entry;
    }
}
