using System.Globalization;
using System.Text.Json.Nodes;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Moves N uploaded files of SIZE bytes from one FakeCkan to another through the real CLI: dump
/// --files, then load --files (then both again, when nothing should move). Prints MB/s, HTTP calls
/// and the CLI's peak RSS, which should not grow with the files' size (they are streamed).
/// </summary>
internal static class FilesBenchmark
{
    public static async Task RunAsync(int files, int sizeKb, int parallel)
    {
        var folder = Directory.CreateTempSubdirectory("ckan-migrate-bench-files");
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { MaxResourceSize = long.MaxValue });
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { MaxResourceSize = long.MaxValue });
        foreach (var ckan in new[] { source, target })
            ckan.Store.SeedGroup(new JsonObject { ["id"] = DatasetFactory.Id("org", 0), ["name"] = "publisher", ["title"] = "Publisher" }, organization: true);
        var random = new Random(1);
        for (var i = 0; i < files; i++)
        {
            var resource = DatasetFactory.Id("resource", i);
            source.Store.SeedDataset(new JsonObject
            {
                ["id"] = DatasetFactory.Id("dataset", i), ["name"] = $"files-{i:D5}", ["owner_org"] = DatasetFactory.Id("org", 0),
                ["resources"] = new JsonArray(new JsonObject { ["id"] = resource, ["url"] = $"data-{i}.csv", ["url_type"] = "upload", ["format"] = "CSV" }),
            });
            var data = new byte[sizeKb * 1024];
            random.NextBytes(data);
            source.Store.SeedResourceFile(resource, data);
        }
        var megabytes = files * sizeKb / 1024.0;
        var dataset = Path.Combine(folder.FullName, "datasets.jsonl");
        var store = Path.Combine(folder.FullName, "files");
        var p = parallel.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"move {files:N0} uploaded files of {sizeKb:N0} KB ({megabytes:N0} MB), -p {parallel}");
        Console.WriteLine("| step | MB/s | HTTP calls | peak RSS (MB) | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var round in new[] { "", " again" })
        {
            foreach (var (step, ckan, args) in new[]
                     {
                         ("dump --files" + round, source, new[] { "dump", "datasets", "--all", "-r", source.BaseUrl.ToString(), "-O", dataset, "--files", store, "-q", "-p", p }),
                         ("load --files" + round, target, new[] { "load", "datasets", "-I", dataset, "-r", target.BaseUrl.ToString(), "--files", store, "-q", "-p", p }),
                     })
            {
                ckan.Calls.Reset();
                var run = await ChildProcess.RunAsync(args, new Dictionary<string, string> { ["CKAN_API_KEY"] = ckan.SysadminToken });
                if (run.ExitCode != 0) throw new InvalidOperationException($"{step} failed: {run.Stderr}");
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:0.0} |",
                    step, megabytes / run.Elapsed.TotalSeconds, ckan.Calls.Total, run.PeakRssBytes / 1048576.0, run.Elapsed.TotalSeconds));
            }
        }
        folder.Delete(recursive: true);
    }
}
