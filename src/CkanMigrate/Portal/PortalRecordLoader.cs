using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.JsonLines;
using CkanMigrate.Load;

namespace CkanMigrate.Portal;

/// <summary>
/// Decides what happens to one line of a portal kind, the same way for every kind: parse, match on
/// the target, leave it alone when the target holds it already, plan (dry run) or write. Refusals by
/// CKAN end the record rejected with CKAN's words; a site that stops answering ends the load.
/// </summary>
internal sealed class PortalRecordLoader(PortalLoadOptions options, IPortalWriter writer, string? targetLacks)
{
    private PortalKind Kind => options.Kind;

    public async Task<LoadResult> LoadAsync(InputLine line, CancellationToken ct)
    {
        if (line.IsBlank) return new LoadResult(line, null, null, LoadOutcome.Skipped, Note: "blank line");
        if (!line.TryParseObject(out var record, out var error))
            return new LoadResult(line, null, null, LoadOutcome.Rejected, $"{line.Where}: {error}");
        var (id, name) = Kind.KeyOf(record!);
        LoadResult Rejected(string reason) => new(line, id, name, LoadOutcome.Rejected, $"{line.Where}: {reason}");
        if (Kind.NotOfKind(record!) is { } notOfKind) return Rejected($"not {Kind.RecordName}: {notOfKind}");
        if (id is null && name is null) return Rejected($"not {Kind.RecordName}: it has none of the fields that name one");
        if (targetLacks is not null) return Rejected($"the target has no {Kind.CliName}: {targetLacks}");
        try
        {
            var match = await writer.FindAsync(record!, ct).ConfigureAwait(false);
            if (match.Refused is { } refused) return Rejected(refused);
            var existing = match.Existing;
            if (existing is not null ? Kind.Holds(record!, existing) : PortalForms.Canonical(Kind.Comparable(record!)) is null)
                return new LoadResult(line, id, name, LoadOutcome.Unchanged); // held already, or nothing to hold where there is nothing
            if (existing is not null && options.Mode == LoadMode.CreateOnly)
                return new LoadResult(line, id, name, LoadOutcome.Skipped, Note: "already on the target (create-only)");
            if (existing is null && options.Mode == LoadMode.UpdateOnly)
                return new LoadResult(line, id, name, LoadOutcome.Skipped, Note: "not on the target (update-only)");
            if (options.DryRun)
                return writer.CannotHold(record!) is { } lacking
                    ? Rejected(lacking)
                    : new LoadResult(line, id, name, existing is null ? LoadOutcome.Created : LoadOutcome.Updated);
            var write = await writer.WriteAsync(record!, existing, ct).ConfigureAwait(false);
            return write.Refused is { } partly
                ? Rejected(write.Note is null ? partly : $"{partly} ({write.Note})")
                : new LoadResult(line, id, name, write.Outcome, Note: write.Note);
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return Rejected(e.FieldErrors is { Count: > 0 } f ? $"{e.Action}: {f.ToJsonString()}" : $"{e.Action}: {e.Message}");
        }
    }
}
