using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;
using CkanMigrate.Reporting;

namespace CkanMigrate.Migrations;

/// <summary>
/// Streams a JSON Lines file through an <see cref="IRecordConverter"/>: one line in memory at a time,
/// output in input order with each record's keys in their original order, every line ending
/// converted, skipped or rejected (rejected lines copied unchanged to the rejects stream).
/// </summary>
public sealed class ConvertRunner(IRecordConverter converter)
{
    public async Task<ConvertSummary> RunAsync(IAsyncEnumerable<InputLine> input, Stream output, RecordLog log, Stream? rejects,
        ProgressCounter progress, ConvertSummary? summary = null, CancellationToken cancellationToken = default)
    {
        summary ??= new ConvertSummary();
        var clock = Stopwatch.StartNew();
        await using var writer = new Utf8JsonWriter(output, JsonLineFormat.Options);
        var raw = converter as IRawRecordConverter;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        await using var rawWriter = new Utf8JsonWriter(buffer, JsonLineFormat.Options);
        await foreach (var line in input.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ConversionResult result;
            var fast = raw is not null && !line.IsBlank;
            if (fast)
            {
                buffer.ResetWrittenCount();
                rawWriter.Reset(buffer);
                result = raw!.ConvertRaw(line.Raw, rawWriter);
                rawWriter.Flush();
                if (result.Outcome == ConversionOutcome.Rejected) result = result with { Reason = $"{line.Where}: {result.Reason}" };
            }
            else
            {
                result = Convert(line);
            }
            summary.Account(line, result, writer, output, rejects, fast ? buffer.WrittenSpan : default);
            progress.Advance(failed: result.Outcome == ConversionOutcome.Rejected);
            if (log.Wants(result.Outcome.ToString().ToLowerInvariant())) log.Write(Entry(line, result));
        }
        summary.Elapsed += clock.Elapsed;
        return summary;
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
            ["outcome"] = result.Outcome.ToString().ToLowerInvariant(),
        };
        if (result.Reason is not null) entry["reason"] = result.Reason;
        if (result.Notes.Count > 0)
            entry["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode)$"{n.Category}: {n.Value}").ToArray());
        return entry;
    }
}
