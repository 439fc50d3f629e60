using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Concurrency;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;

namespace CkanMigrate.Filter;

/// <summary>
/// <c>filter --since</c>: keeps the records modified at or after an instant, passing kept lines
/// through byte for byte. Only the top-level <c>metadata_modified</c> is read (no full parse), so it
/// runs at disk speed; lines are judged in batches on every core and written in input order.
/// Fixes bug I1's string comparison on purpose: values are compared as instants.
/// </summary>
public sealed class SinceFilter(DateTimeOffset since, Func<FilterKey, bool>? keepAnyway = null, int threads = 0)
{
    private const int BatchLines = 1024;

    /// <summary>What one line came to; the summary is counted from these in input order.</summary>
    private readonly record struct Verdict(FilterOutcome Outcome, string? Reason, DateTimeOffset? Instant = null, bool NoTimestamp = false, bool Anyway = false);

    public async Task<FilterSummary> RunAsync(IAsyncEnumerable<InputLine> input, Stream output, RecordLog log, Stream? rejects,
        ProgressCounter progress, CancellationToken cancellationToken = default)
    {
        var summary = new FilterSummary();
        var clock = Stopwatch.StartNew();
        var degree = threads > 0 ? threads : Environment.ProcessorCount;
        await foreach (var (lines, verdicts) in OrderedParallel.SelectAsync(LineBatches.Of(input, BatchLines, 1 << 20, cancellationToken), 2 * degree,
                           (batch, ct) => Task.Run(() => (batch, batch.Select(Judge).ToArray()), ct), cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var (line, verdict) = (lines[i], verdicts[i]);
                summary.LinesRead++;
                summary.BytesRead += line.Raw.Length + 1;
                if (verdict.Instant is { } instant && (summary.Latest is null || instant > summary.Latest)) summary.Latest = instant;
                if (verdict.NoTimestamp) summary.KeptWithoutTimestamp++;
                if (verdict.Anyway) summary.KeptAnyway++;
                summary.Outcomes.Add(verdict.Outcome);
                if (verdict.Outcome == FilterOutcome.Kept) line.CopyTo(output);
                else if (verdict.Outcome == FilterOutcome.Rejected && rejects is not null) line.CopyTo(rejects);
                progress.Advance(failed: verdict.Outcome == FilterOutcome.Rejected);
                var word = OutcomeWords.Of(verdict.Outcome);
                if (log.Wants(word))
                    log.Write(new JsonObject { ["line"] = line.Number, ["outcome"] = word, ["reason"] = verdict.Reason });
            }
        }
        summary.Elapsed = clock.Elapsed;
        return summary;
    }

    private Verdict Judge(InputLine line)
    {
        if (line.IsBlank) return new(FilterOutcome.Older, "blank line"); // nothing to keep
        // Checked up front: the reader validates only the strings it decodes, and a kept line is copied as it is.
        if (!System.Text.Unicode.Utf8.IsValid(line.Raw.Span)) return new(FilterOutcome.Rejected, $"{line.Where}: {JsonLineErrors.NotUtf8}");
        string? modified;
        FilterKey key;
        try
        {
            if (!TopLevelKey.TryRead(line.Raw.Span, out modified, out key))
                return new(FilterOutcome.Rejected, $"{line.Where}: not a JSON object");
        }
        catch (JsonException e)
        {
            return new(FilterOutcome.Rejected, $"{line.Where}: not valid JSON ({e.Message.Split(" Path:")[0]})");
        }
        catch (InvalidOperationException)
        {
            return new(FilterOutcome.Rejected, $"{line.Where}: not valid UTF-8");
        }
        if (modified is null) return new(FilterOutcome.Kept, "no metadata_modified", NoTimestamp: true);
        if (!Timestamps.TryParse(modified, out var instant))
            return new(FilterOutcome.Rejected, $"{line.Where}: metadata_modified '{modified}' is not a timestamp");
        if (instant >= since) return new(FilterOutcome.Kept, null, instant);
        // Retried after a rejection, or changed without a new timestamp (CKAN's bulk actions leave metadata_modified alone).
        if (keepAnyway?.Invoke(key) == true) return new(FilterOutcome.Kept, "pending or changed without a new metadata_modified", instant, Anyway: true);
        return new(FilterOutcome.Older, null, instant);
    }
}
