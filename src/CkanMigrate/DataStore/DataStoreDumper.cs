using System.Diagnostics;
using CkanMigrate.Ckan;
using CkanMigrate.Reporting;

namespace CkanMigrate.DataStore;

/// <summary>
/// <c>dump datastore</c>: every table named (by a datasets dump, or by resource id) into a
/// <see cref="DataStoreFolder"/>, a few tables at once. An interrupted dump started again keeps the
/// tables it finished. Progress counts tables and rows (the rows' total grows as each table's count
/// is read).
/// </summary>
public sealed class DataStoreDumper(CkanClient source, DataStoreFolder folder, int parallel, int pageSize = 10_000)
{
    public async Task<DataStoreSummary> DumpAsync(IAsyncEnumerable<TableRef> tables, RecordLog log, ProgressCounter tablesProgress, ProgressCounter rowsProgress,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var calls = source.RequestCount;
        var list = new List<TableRef>();
        await foreach (var table in tables.ConfigureAwait(false)) list.Add(table);
        tablesProgress.SetTotal(list.Count);
        rowsProgress.SetTotal(0);
        tablesProgress.Start();
        rowsProgress.Start();

        var dumpId = folder.BeginDump();
        var dumper = new TableDumper(source, folder, dumpId, rowsProgress, pageSize);
        var summary = new DataStoreSummary();
        await Parallel.ForEachAsync(list, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = ct }, async (table, c) =>
        {
            var outcome = await dumper.DumpAsync(table, c).ConfigureAwait(false);
            summary.Record(outcome, log, tablesProgress);
        }).ConfigureAwait(false);
        folder.EndDump(dumpId);

        tablesProgress.Finish();
        rowsProgress.Finish();
        summary.Elapsed = clock.Elapsed;
        summary.Calls = source.RequestCount - calls;
        return summary;
    }
}
