using System.Globalization;
using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Resource views at portal scale (#24): a FakeCkan of N datasets with 3 resources each and their
/// views (a text view on every resource, a web page view before it on every third, and on every
/// fourth dataset an image whose default view the source deleted), its datasets loaded into an empty
/// target (which makes its own default image views); then `dump views`, the first `load views` and a
/// second one, each with its calls, writes and wall time. The second load must write nothing.
/// </summary>
internal static class PortalBenchmark
{
    private static readonly string[] WriteActions = ["resource_view_create", "resource_view_update", "resource_view_delete", "resource_view_reorder"];

    public static async Task RunAsync(int datasets, int latencyMs, int parallel)
    {
        var work = Directory.CreateTempSubdirectory("ckan-migrate-bench-portal");
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var views = Fill(source, datasets);
        foreach (var org in Enumerable.Range(0, 50))
            target.Store.SeedGroup(new JsonObject { ["id"] = DatasetFactory.Id("org", org), ["name"] = $"publisher-{org:D3}" }, organization: true);
        source.Faults.Latency = target.Faults.Latency = TimeSpan.FromMilliseconds(latencyMs);
        string File(string name) => Path.Combine(work.FullName, name);
        string[] To(FakeCkanServer site) => ["-r", site.BaseUrl.ToString(), "-q", "-p", parallel.ToString(CultureInfo.InvariantCulture)];
        var key = new Dictionary<string, string> { ["CKAN_API_KEY"] = source.SysadminToken };

        Console.WriteLine($"{datasets:N0} datasets, {datasets * 3:N0} resources, {views:N0} views at the source; -p {parallel}; {latencyMs} ms latency per call");
        await Step("(setup) dump datasets", ["dump", "datasets", "--all", "-O", File("datasets.jsonl"), .. To(source)], key, source, target, quiet: true);
        await Step("(setup) load datasets", ["load", "datasets", "-I", File("datasets.jsonl"), .. To(target)], key, source, target, quiet: true);
        Console.WriteLine($"the target made {CountViews(target, datasets):N0} default views of its own");
        Console.WriteLine("| step | wall (s) | source calls | target calls | target view writes | outcomes |");
        Console.WriteLine("|---|---|---|---|---|---|");
        await Step("dump views (-I datasets)", ["dump", "views", "--all", "-I", File("datasets.jsonl"), "-O", File("views.jsonl"), .. To(source)], key, source, target);
        await Step("dump views (listing itself)", ["dump", "views", "--all", "-O", File("views-listed.jsonl"), .. To(source)], key, source, target);
        await Step("first load views", ["load", "views", "-I", File("views.jsonl"), .. To(target)], key, source, target);
        await Step("second load views", ["load", "views", "-I", File("views.jsonl"), .. To(target)], key, source, target);
        work.Delete(recursive: true);
    }

    /// <summary>The source's datasets and views; how many views.</summary>
    private static int Fill(FakeCkanServer source, int datasets)
    {
        DatasetFactory.Fill(source, 0);
        var views = 0;
        for (var i = 0; i < datasets; i++)
        {
            var dataset = DatasetFactory.Make(i, DatasetFactory.Id("org", i % 50));
            var resources = (JsonArray)dataset["resources"]!;
            if (i % 4 == 0)
            {
                resources[2]!["url"] = $"https://data.example.org/files/{i}/chart.png";
                resources[2]!["format"] = "PNG"; // the target makes its "Image" view; the source has none
            }
            source.Store.SeedDataset(dataset);
            for (var r = 0; r < resources.Count; r++)
            {
                var resourceId = resources[r]!["id"]!.ToString();
                if (i % 4 == 0 && r == 2) continue;
                if ((i + r) % 3 == 0)
                {
                    source.Store.Portal.SeedResourceView(new JsonObject { ["resource_id"] = resourceId, ["view_type"] = "webpage_view", ["title"] = "Publisher page", ["page_url"] = $"https://example.org/{i}" });
                    views++;
                }
                source.Store.Portal.SeedResourceView(new JsonObject { ["resource_id"] = resourceId, ["view_type"] = "text_view", ["title"] = "As text", ["description"] = $"Part {r}" });
                views++;
            }
        }
        return views;
    }

    private static int CountViews(FakeCkanServer ckan, int datasets) =>
        Enumerable.Range(0, datasets).Sum(i => Enumerable.Range(0, 3).Sum(r => ckan.Store.Portal.ResourceViews(DatasetFactory.Id($"resource{r}", i)).Count));

    private static async Task Step(string label, string[] args, Dictionary<string, string> key, FakeCkanServer source, FakeCkanServer target, bool quiet = false)
    {
        var env = new Dictionary<string, string>(key) { ["CKAN_API_KEY"] = args.Contains(target.BaseUrl.ToString()) ? target.SysadminToken : source.SysadminToken };
        var (sourceCalls, targetCalls) = (source.RequestsSeen, target.RequestsSeen);
        var writesBefore = WriteActions.Sum(a => target.Calls[a]);
        var result = await ChildProcess.RunAsync(args, env);
        if (result.ExitCode != 0) throw new InvalidOperationException($"{label} failed: {result.Stderr}");
        if (quiet) return;
        var summary = result.Stderr.Split('\n').LastOrDefault(l => l.StartsWith("dump ", StringComparison.Ordinal) || l.StartsWith("load ", StringComparison.Ordinal)) ?? "";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:0.0} | {2:N0} | {3:N0} | {4:N0} | {5} |", label, result.Elapsed.TotalSeconds,
            source.RequestsSeen - sourceCalls, target.RequestsSeen - targetCalls, WriteActions.Sum(a => target.Calls[a]) - writesBefore, summary.Split(" in ")[0]));
    }
}
