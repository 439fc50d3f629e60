using System.Globalization;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Cli.Console;
using CkanMigrate.DataStore;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary>
/// <c>dump datastore</c> and <c>load datastore</c>: DataStore tables to and from a folder of
/// RESOURCE.table.json + RESOURCE.rows.jsonl, by the same rules <c>run</c> uses.
/// </summary>
internal static class DataStoreVerbs
{
    /// <summary>Tables named by a datasets dump (-I) or by resource id, into the folder -O.</summary>
    public static async Task<int> DumpAsync(CkanClientOptions connection, string? datasets, IReadOnlyList<string> resourceIds, string? output, int parallel,
        bool quiet, string? logPath, CancellationToken ct)
    {
        if (output is null) throw new UsageException("dump datastore writes a folder: give -O FOLDER");
        if ((datasets is null) == (resourceIds.Count == 0))
            throw new UsageException("dump datastore: give either -I DATASETS.jsonl (the tables of its datastore_active resources) or resource ids");
        if (datasets is not null && !File.Exists(datasets)) throw new UsageException($"{datasets}: no such file");

        using var client = new CkanClient(connection);
        var site = await client.ProbeAsync(ct).ConfigureAwait(false);
        KeyPolicy.RequireAccepted(site, "API", client.BaseUrl);
        if (!site.HasExtension("datastore")) throw new UsageException($"{client.BaseUrl.Host} has no datastore plugin (datastore is not among its extensions)");
        Output.Info(quiet, $"{client.BaseUrl.Host}: CKAN {site.Capabilities}, {site.Key}");

        var tables = datasets is not null ? TablesInDatasets.ReadAsync(datasets, ct) : Named(client, resourceIds, ct);
        await using var log = RecordLog.Open(logPath);
        var tablesProgress = new ProgressCounter("dump datastore tables");
        var rowsProgress = new ProgressCounter("dump datastore rows");
        var summary = await new ProgressRenderer(quiet).RunStagesAsync(() => [tablesProgress, rowsProgress],
            () => new DataStoreDumper(client, new DataStoreFolder(output), parallel).DumpAsync(tables, log, tablesProgress, rowsProgress, ct)).ConfigureAwait(false);
        return Finish("dump datastore", summary, log, logPath, output);
    }

    /// <summary>Every table of the folder -I into its resource on the site.</summary>
    public static async Task<int> LoadAsync(CkanClientOptions connection, string? folder, int parallel, bool quiet, string? logPath, CancellationToken ct)
    {
        if (folder is null || !Directory.Exists(folder)) throw new UsageException($"load datastore reads a folder made by dump datastore: give -I FOLDER{(folder is null ? "" : $" ({folder}: no such folder)")}");
        var tables = new DataStoreFolder(folder);
        if (tables.Definitions().Count == 0) throw new UsageException($"{folder} holds no tables (no *.table.json): give the folder dump datastore wrote");

        using var client = new CkanClient(connection);
        var site = await client.ProbeAsync(ct).ConfigureAwait(false);
        KeyPolicy.RequireAccepted(site, "API", client.BaseUrl);
        if (!site.HasExtension("datastore")) throw new UsageException($"{client.BaseUrl.Host} has no datastore plugin (datastore is not among its extensions): its tables cannot be made there");
        Output.Info(quiet, $"{client.BaseUrl.Host}: CKAN {site.Capabilities}, {site.Key}{(client.HasApiKey ? "" : ": writes will be refused")}");

        await using var log = RecordLog.Open(logPath);
        var tablesProgress = new ProgressCounter("load datastore tables");
        var rowsProgress = new ProgressCounter("load datastore rows");
        var summary = await new ProgressRenderer(quiet).RunStagesAsync(() => [tablesProgress, rowsProgress],
            () => new DataStoreLoader(client, tables, parallel, CkanMigrate.Ids.TargetIds.KeepAll).LoadAsync(log, tablesProgress, rowsProgress, ct)).ConfigureAwait(false);
        return Finish("load datastore", summary, log, logPath, null);
    }

    private static int Finish(string verb, DataStoreSummary summary, RecordLog log, string? logPath, string? output)
    {
        Output.Problems(log, logPath);
        var rows = summary.Rows(TableOutcomeKind.Dumped, TableOutcomeKind.Created, TableOutcomeKind.Resumed);
        Output.Summary(string.Format(CultureInfo.InvariantCulture, "{0}: {1} in {2:0.0}s ({3:0} rows/s moved), {4} calls{5}",
            verb, summary.Describe(), summary.Elapsed.TotalSeconds, summary.Elapsed.TotalSeconds > 0 ? rows / summary.Elapsed.TotalSeconds : 0, summary.Calls,
            output is null ? "" : $" -> {output}"));
        return summary.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Ok;
    }

    /// <summary>Resources named by id: resource_show says which dataset holds each, and where.</summary>
    private static async IAsyncEnumerable<TableRef> Named(CkanClient client, IReadOnlyList<string> ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var id in ids)
        {
            var shown = await ShowAsync(client, id, ct).ConfigureAwait(false); // none: the dump says the resource has no table
            yield return new TableRef(id, shown?["package_id"]?.GetValue<string>(), null, shown?["position"]?.GetValue<int>() ?? 0);
        }
    }

    private static async Task<JsonNode?> ShowAsync(CkanClient client, string id, CancellationToken ct)
    {
        try
        {
            return await client.CallAsync("resource_show", new JsonObject { ["id"] = id }, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return null;
        }
    }
}
