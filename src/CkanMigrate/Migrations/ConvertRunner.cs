using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
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
        await foreach (var (line, parsed, document, error) in ParseAhead(input, raw is not null, cancellationToken).ConfigureAwait(false))
        {
            ConversionResult result;
            using (document)
            {
                if (document is not null)
                {
                    buffer.ResetWrittenCount();
                    rawWriter.Reset(buffer);
                    result = raw!.ConvertRaw(document.RootElement, rawWriter);
                    rawWriter.Flush();
                    if (result.Outcome == ConversionOutcome.Rejected) result = result with { Reason = $"{line.Where}: {result.Reason}" };
                }
                else
                {
                    result = Convert(line, parsed, error);
                }
            }
            summary.Account(line, result, writer, output, rejects, document is null ? default : buffer.WrittenSpan);
            progress.Advance(failed: result.Outcome == ConversionOutcome.Rejected);
            if (log.Enabled) log.Write(Entry(line, result));
        }
        summary.Elapsed += clock.Elapsed;
        return summary;
    }

    /// <summary>
    /// Reading and JSON parsing run one step ahead on another task, bounded to a few records, so
    /// parsing (about half the work) overlaps conversion and writing when a second core is free.
    /// The converter itself still sees records one at a time, in order.
    /// </summary>
    private static async IAsyncEnumerable<(InputLine Line, JsonObject? Record, JsonDocument? Document, string? Error)> ParseAhead(IAsyncEnumerable<InputLine> input,
        bool asDocuments, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<(InputLine, JsonObject?, JsonDocument?, string?)>(
            new System.Threading.Channels.BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var line in input.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    JsonObject? record = null;
                    JsonDocument? document = null;
                    string? error = null;
                    if (!line.IsBlank)
                    {
                        if (asDocuments) line.TryParseDocument(out document, out error);
                        else line.TryParseObject(out record, out error);
                    }
                    await channel.Writer.WriteAsync((line, record, document, error), cancellationToken).ConfigureAwait(false);
                }
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, cancellationToken);
        await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return item;
        await producer.ConfigureAwait(false);
    }

    private ConversionResult Convert(InputLine line, JsonObject? record, string? error)
    {
        if (line.IsBlank) return ConversionResult.Skipped("blank line");
        if (record is null) return ConversionResult.Rejected($"{line.Where}: {error}");
        var result = converter.Convert(record);
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
