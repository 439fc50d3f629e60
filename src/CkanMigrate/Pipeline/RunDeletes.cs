using System.Diagnostics;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;
using CkanMigrate.Entities;

namespace CkanMigrate.Pipeline;

/// <summary>
/// The last step of a run: datasets the last run saw that the source no longer has. Each is only a
/// candidate until the source says it is gone — its package_show (not found, or deleted), or, for a
/// folder, a complete dump that lacks it; a folder that records no complete dump proves nothing.
/// Deletes on the target happen only with --propagate-deletes, and never more than a limit
/// (--max-deletes; else 10 or 1% of the target's datasets, whichever is larger): over it, nothing
/// is deleted and the run says so. A dry run stops before deleting and lists what would go.
/// </summary>
/// <param name="ids">how the target holds the source's ids (see <see cref="DeletePropagation"/>)</param>
internal sealed class RunDeletes(RunOptions options, RunSteps steps, Func<string, string> stageFolder, Ids.TargetIds? ids = null)
{
    public async Task<DeleteOutcome> RunAsync(string sourceDatasets, IncrementalLedger ledger, CkanClient? source, CkanClient? target, CkanSiteInfo? targetSite,
        CancellationToken ct)
    {
        using var current = await ledger.ReadCurrentAsync(sourceDatasets, ct).ConfigureAwait(false);
        var missing = ledger.Missing(current);
        var candidates = missing.ToDictionary(m => m.Key, m => m.Value.Name, StringComparer.Ordinal);
        var outcome = DeleteOutcome.None with { FromFolder = source is null };
        Dictionary<string, string?> gone = [];
        List<string> kept = [];
        var stillToDelete = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (candidates.Count > 0)
        {
            var notComplete = source is null ? await CompleteDumps.WhyNotCompleteAsync(sourceDatasets, ct).ConfigureAwait(false) : null;
            await steps.StepAsync("confirm", "datasets", Layout("confirm"), async f =>
            {
                var clock = Stopwatch.StartNew();
                (gone, kept) = await new DeletePropagation(f!.Log).ConfirmAsync(candidates, source, notComplete, ct).ConfigureAwait(false);
                return new StageResult("confirm", "datasets", [(source is null ? "absent" : "gone", gone.Count), (source is null ? "not proven" : "still at the source", kept.Count)],
                    clock.Elapsed.TotalSeconds) { Read = candidates.Count };
            }, redoOnResume: true).ConfigureAwait(false);
            outcome = source is null
                ? outcome with { AbsentUnproven = kept, FolderNotComplete = notComplete }
                : outcome with { StillAtSource = kept };
            stillToDelete = gone;
            if (gone.Count > 0 && target is not null && (options.PropagateDeletes || options.DryRun))
            {
                var limit = options.MaxDeletes ?? await DefaultLimitAsync(target, targetSite!, ct).ConfigureAwait(false);
                outcome = outcome with { Limit = limit };
                if (gone.Count > limit) outcome = outcome with { HeldBack = true };
                else if (options.DryRun) outcome = outcome with { Planned = true };
                else
                {
                    await steps.StepAsync("delete", "datasets", Layout("datasets"), async f =>
                    {
                        var (deleted, notDone) = await new DeletePropagation(f!.Log, ids).DeleteAsync(gone, target, ct).ConfigureAwait(false);
                        stillToDelete = notDone;
                        return deleted;
                    }, redoOnResume: true).ConfigureAwait(false);
                    outcome = outcome with { Propagated = true };
                }
            }
        }

        // Datasets kept (still at the source, or absent from a folder that cannot vouch) stay in the ledger, so a later run looks again.
        if (!options.DryRun)
            await ledger.SaveAsync(kept.Select(id => missing[id].Line).OfType<string>(), stillToDelete, ct).ConfigureAwait(false);
        return outcome with { Gone = gone.Keys.Order(StringComparer.Ordinal).ToList() };
    }

    private StageLayout Layout(string name) => new(stageFolder("5-delete"), name, Output: false, Rejects: false, OwnerOnly: false);

    /// <summary>10, or 1% of the datasets the target holds (private and drafts counted), whichever is larger.</summary>
    private static async Task<int> DefaultLimitAsync(CkanClient target, CkanSiteInfo site, CancellationToken ct)
    {
        var count = await new Load.TargetIndexReader(target, site).CountAsync(EntityDescriptor.Datasets, ct).ConfigureAwait(false) ?? 0;
        return (int)Math.Max(RunOptions.MinimumDeleteLimit, (count + 99) / 100);
    }
}
