using System.Globalization;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// One DataStore table of ROWS rows × 10 columns (int, text, numeric, timestamp, bool, json, text
/// array …) from one FakeCkan to another through the CLI: `dump datastore` then `load datastore`,
/// then the same load again (nothing to write). Rows/s, wall, calls and the CLI's peak RSS (#14 §7).
/// </summary>
internal static class DataStoreBenchmark
{
    public static async Task RunAsync(int rows)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench-datastore");
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var resource = "0b9c0d1e-1111-4222-8333-444455556666";
        foreach (var site in new[] { source, target })
        {
            var org = site.Store.SeedGroup(new JsonObject { ["name"] = "bench-org" }, organization: true)["id"]!.ToString();
            site.Store.SeedDataset(new JsonObject
            {
                ["name"] = "bench-table", ["owner_org"] = org,
                ["resources"] = new JsonArray(new JsonObject { ["id"] = resource, ["url"] = "https://example.org/t.csv", ["name"] = "table" }),
            });
        }
        using (var client = new CkanClient(new CkanClientOptions { BaseUrl = source.BaseUrl, ApiKey = source.SysadminToken }))
            await client.CallAsync("datastore_create", new JsonObject { ["resource_id"] = resource, ["force"] = true, ["fields"] = Fields(), ["primary_key"] = "id" });
        // The rows go straight into the store: seeding through the API would time FakeCkan, not the tool.
        source.Store.EditTable(resource, t =>
        {
            for (var i = 1; i <= rows; i++) t.Rows.Add(Row(t.NextId++, i));
        });
        Console.WriteLine($"DataStore: one table of {rows:N0} rows × 10 columns, FakeCkan to FakeCkan (2 cores)");
        Console.WriteLine("| step | wall (s) | rows/s | calls | peak RSS (MB) | result |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var tables = Path.Combine(folder.FullName, "tables");
        await StepAsync("dump datastore", rows, source, ["dump", "datastore", resource, "-r", source.BaseUrl.ToString(), "-O", tables, "-q"]);
        await StepAsync("load datastore (empty target)", rows, target, ["load", "datastore", "-I", tables, "-r", target.BaseUrl.ToString(), "-q"]);
        await StepAsync("load datastore again (unchanged)", rows, target, ["load", "datastore", "-I", tables, "-r", target.BaseUrl.ToString(), "-q"]);
        var bytes = new DirectoryInfo(tables).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "rows file: {0:N0} MB; target rows: {1:N0}", bytes / 1048576.0, target.Store.TableRows(resource)!.Count));
        folder.Delete(recursive: true);
    }

    private static async Task StepAsync(string label, int rows, FakeCkanServer site, string[] args)
    {
        site.Calls.Reset();
        var run = await ChildProcess.RunAsync(args, new Dictionary<string, string> { ["CKAN_API_KEY"] = site.SysadminToken });
        if (run.ExitCode != 0) throw new InvalidOperationException($"{label} failed: {run.Stderr}");
        var result = run.Stderr.Split('\n').LastOrDefault(l => l.Contains(" datastore: ", StringComparison.Ordinal))?.Split(" in ")[0] ?? "?";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:0.0} | {2:N0} | {3:N0} | {4:N0} | {5} |",
            label, run.Elapsed.TotalSeconds, rows / run.Elapsed.TotalSeconds, site.Calls.Total, run.PeakRssBytes / 1048576.0, result));
    }

    private static JsonArray Fields() =>
    [
        new JsonObject { ["id"] = "id", ["type"] = "int", ["info"] = new JsonObject { ["label"] = "Identifier" } },
        new JsonObject { ["id"] = "name", ["type"] = "text" },
        new JsonObject { ["id"] = "amount", ["type"] = "numeric" },
        new JsonObject { ["id"] = "ts", ["type"] = "timestamp" },
        new JsonObject { ["id"] = "flag", ["type"] = "bool" },
        new JsonObject { ["id"] = "code", ["type"] = "text" },
        new JsonObject { ["id"] = "qty", ["type"] = "int" },
        new JsonObject { ["id"] = "score", ["type"] = "float8" },
        new JsonObject { ["id"] = "meta", ["type"] = "json" },
        new JsonObject { ["id"] = "tags", ["type"] = "_text" },
    ];

    private static JsonObject Row(long id, int i) => new()
    {
        ["_id"] = id,
        ["id"] = i,
        ["name"] = $"Row number {i} — ünïcode",
        ["amount"] = $"{i % 100000}.{i % 100:D2}",
        ["ts"] = $"2026-{1 + i % 12:D2}-{1 + i % 28:D2}T{i % 24:D2}:{i % 60:D2}:00",
        ["flag"] = i % 2 == 0,
        ["code"] = i % 11 == 0 ? null : $"C{i % 997:D4}",
        ["qty"] = i % 1000,
        ["score"] = i / 7.0,
        ["meta"] = new JsonObject { ["k"] = i % 13, ["v"] = new JsonArray("a", i % 5) },
        ["tags"] = new JsonArray("x", $"t{i % 50}"),
    };
}
