using System.Diagnostics;
using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.DataStore;

/// <summary>
/// <c>load datastore</c>: every table of a <see cref="DataStoreFolder"/> into its resource on the
/// target (<see cref="TableLoader"/>), a few tables at once. Run after the datasets load: a table
/// needs its resource. A table that fails does not stop the others.
/// </summary>
/// <param name="ids">how the target holds the source's ids (see <see cref="TableLoader"/>); null: as they are</param>
/// <param name="keepModified">the target keeps datasets' metadata_modified as sent: put it back after a table is written (see <see cref="TableLoader"/>)</param>
internal sealed class DataStoreLoader(CkanClient target, DataStoreFolder folder, int parallel, Ids.TargetIds? ids = null, bool keepModified = false)
{
    public async Task<DataStoreSummary> LoadAsync(RecordLog log, ProgressCounter tablesProgress, ProgressCounter rowsProgress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var calls = target.RequestCount;
        var tables = folder.Definitions();
        tablesProgress.SetTotal(tables.Count);
        rowsProgress.SetTotal(tables.Sum(t => t.Rows));
        tablesProgress.Start();
        rowsProgress.Start();

        using var ledger = LoadLedger.Open(folder.Path);
        var loader = new TableLoader(target, folder, ledger, rowsProgress, ids: ids, keepModified: keepModified);
        var summary = new DataStoreSummary();
        await Parallel.ForEachAsync(tables, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = ct }, async (table, c) =>
        {
            var outcome = await loader.LoadAsync(table, c).ConfigureAwait(false);
            summary.Record(outcome, log, tablesProgress);
        }).ConfigureAwait(false);

        tablesProgress.Finish();
        rowsProgress.Finish();
        summary.Elapsed = clock.Elapsed;
        summary.Calls = target.RequestCount - calls;
        return summary;
    }
}
