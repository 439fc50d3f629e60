using System.Globalization;
using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Loads N datasets into an empty FakeCkan through the real CLI, then loads the same file again
/// (all unchanged), at several -p. Prints records/s, HTTP calls and the CLI's peak RSS.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task RunAsync(int datasets, int latencyMs, IReadOnlyList<int> parallels)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench");
        var input = Path.Combine(folder.FullName, "datasets.jsonl");
        var orgs = Enumerable.Range(0, 50).Select(i => DatasetFactory.Id("org", i)).ToList();
        await using (var writer = new StreamWriter(input))
            for (var i = 0; i < datasets; i++)
                await writer.WriteLineAsync(DatasetFactory.Make(i, orgs[i % orgs.Count]).ToJsonString());
        Console.WriteLine($"load {datasets:N0} datasets ({new FileInfo(input).Length / 1048576.0:N0} MB), {latencyMs} ms latency per call");
        Console.WriteLine("| run | -p | records/s | HTTP calls | peak RSS (MB) | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var p in parallels)
        {
            await using var ckan = await FakeCkanServer.StartAsync();
            for (var i = 0; i < orgs.Count; i++)
                ckan.Store.SeedGroup(new JsonObject { ["id"] = orgs[i], ["name"] = $"publisher-{i:D3}", ["title"] = $"Publisher {i}" }, organization: true);
            ckan.Faults.Latency = TimeSpan.FromMilliseconds(latencyMs);
            foreach (var label in new[] { "into empty", "unchanged" })
            {
                ckan.Calls.Reset();
                var run = await ChildProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.ToString(), "-q", "-p", p.ToString(CultureInfo.InvariantCulture)],
                    new Dictionary<string, string> { ["CKAN_API_KEY"] = ckan.SysadminToken });
                if (run.ExitCode != 0) throw new InvalidOperationException($"load failed: {run.Stderr}");
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:N0} | {3:N0} | {4:N0} | {5:0.0} |",
                    label, p, datasets / run.Elapsed.TotalSeconds, ckan.Calls.Total, run.PeakRssBytes / 1048576.0, run.Elapsed.TotalSeconds));
            }
        }
        folder.Delete(recursive: true);
    }
}
