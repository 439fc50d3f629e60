using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Files;
using CkanMigrate.Ids;
using CkanMigrate.Reporting;
using CkanMigrate.Comparison;

namespace CkanMigrate.Load;

/// <summary>
/// The step after a record's metadata is in, when a files folder is given: its uploaded files go
/// to the target (resources with <see cref="FileSender"/>, an organization's or group's image with
/// its *_patch), counted in <see cref="Summary"/> and in the progress's bytes.
/// </summary>
internal sealed class RecordFiles(CkanClient client, CkanSiteInfo site, EntityDescriptor entity, FileSender sender, ProgressCounter? progress,
    Preflight.TargetProfile? profile = null)
{
    /// <summary>The uploaded files sent (or not) so far.</summary>
    public FileSummary Summary { get; } = new();

    /// <summary>
    /// The record's uploaded files, once its metadata is in. A file that cannot be sent makes the
    /// record rejected with the reason (its metadata is there, but not its file): it goes to the
    /// rejects file, and a later run sends it.
    /// </summary>
    /// <param name="record">the record as the source has it (its files are found by the source's ids)</param>
    /// <param name="derived">the source ids the target refused, and the ids the record has there</param>
    public async Task<LoadResult> SendAsync(JsonObject record, LoadResult result, IReadOnlyList<IdPair> derived, CancellationToken ct)
    {
        List<FileOutcome> outcomes;
        if (entity.IsGroupLike)
        {
            if (result.Id is null || entity.PatchAction is not { } patch || !site.Capabilities.Patch) return result; // images need *_patch (2.3+)
            outcomes = await sender.SendImageAsync(record, result.Id, patch, ct).ConfigureAwait(false);
        }
        else
        {
            JsonObject? shown = null;
            async Task<JsonObject?> TargetCopyAsync(CancellationToken token) =>
                shown ??= result.Id is null ? null : await client.CallAsync("package_show", new JsonObject { ["id"] = result.Id }, token).ConfigureAwait(false) as JsonObject;
            var ids = await TargetResourceIdsAsync(record, result, derived, TargetCopyAsync, ct).ConfigureAwait(false);
            outcomes = await sender.SendAsync(record, ids, TargetCopyAsync, justCreated: result.Outcome == LoadOutcome.Created, ct).ConfigureAwait(false);
            if (outcomes.Any(o => o.Outcome == FileOutcomeKind.Sent)) await PutBackModifiedAsync(record, result, ct).ConfigureAwait(false);
        }
        lock (Summary) foreach (var outcome in outcomes) Summary.Count(outcome);
        foreach (var outcome in outcomes.Where(o => o.Outcome == FileOutcomeKind.Sent)) progress?.AddBytes(outcome.Bytes);
        var failed = outcomes.Where(o => o.IsFailure).ToList();
        if (failed.Count == 0) return result;
        var reasons = string.Join("; ", failed.Select(f => $"{(entity.IsGroupLike ? "image" : $"resource {f.File.Id}")} ({f.File.FileName}): {f.Reason}"));
        return result with { Outcome = LoadOutcome.Rejected, Error = $"{result.Line.Where}: written ({result.Outcome.ToString().ToLowerInvariant()}), but not its file: {reasons}" };
    }

    /// <summary>
    /// An upload stamps the dataset's metadata_modified on a target that otherwise keeps the source's
    /// (CKAN 2.12's resource_update drops it so package_update sets the time): put the source's back,
    /// as the resource's own last_modified is.
    /// </summary>
    private async Task PutBackModifiedAsync(JsonObject record, LoadResult result, CancellationToken ct)
    {
        if (profile?.KeepsMetadataModified != true || result.Id is null || JsonText.NonEmpty(record[KeptTimestamps.Field]) is not { } modified) return;
        await client.CallAsync("package_patch", new JsonObject { ["id"] = result.Id, [KeptTimestamps.Field] = modified }, ct).ConfigureAwait(false);
    }

    /// <summary>Source resource id → the target's: the same where ids were kept (or derived, as listed), else by position in the target's copy.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> TargetResourceIdsAsync(JsonObject record, LoadResult result, IReadOnlyList<IdPair> derived,
        Func<CancellationToken, Task<JsonObject?>> targetCopy, CancellationToken ct)
    {
        var sourceIds = (record["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => JsonText.NonEmpty(r["id"])).ToList();
        var keptOrDerived = result.Id is null || result.Id == JsonText.NonEmpty(record["id"]) || derived.Any(p => p.Kind == IdKind.Package && p.Target == result.Id);
        if (keptOrDerived)
        {
            var resources = derived.Where(p => p.Kind == IdKind.Resource).ToDictionary(p => p.Source, p => p.Target, StringComparer.Ordinal);
            return sourceIds.OfType<string>().Distinct(StringComparer.Ordinal).ToDictionary(i => i, i => resources.GetValueOrDefault(i, i), StringComparer.Ordinal);
        }
        var shown = await targetCopy(ct).ConfigureAwait(false);
        var targetIds = (shown?["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => JsonText.NonEmpty(r["id"])).ToList();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sourceIds.Count && i < targetIds.Count; i++)
            if (sourceIds[i] is { } s && targetIds[i] is { } t) map[s] = t;
        return map;
    }}
