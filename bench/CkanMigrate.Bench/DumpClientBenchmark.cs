using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using FakeCkan;

namespace CkanMigrate.Bench;

/// <summary>
/// Where `dump datasets` spends its own time per record (#13 §4), in this process on one thread:
/// search pages of 1000 records as FakeCkan sends them, taken apart and written as dump lines the
/// way the dump did (a node tree: parse, sort keys, write) and the way it does now (the page's
/// document: each record's bytes kept, parsed alone and written sorted from the document).
/// </summary>
internal static class DumpClientBenchmark
{
    public static async Task RunAsync(int datasets, int rounds)
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        DatasetFactory.Fill(ckan, datasets);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", ckan.SysadminToken);
        var pages = new List<byte[]>();
        for (var start = 0; start < datasets; start += 1000)
        {
            var answer = await http.PostAsJsonAsync(new Uri(ckan.BaseUrl, "api/3/action/package_search"),
                new { q = "*:*", rows = 1000, start, sort = "id asc", include_private = true, include_drafts = true });
            pages.Add(await answer.Content.ReadAsByteArrayAsync());
        }
        var records = datasets * (long)rounds;
        Console.WriteLine($"dump client cost per record: {datasets:N0} datasets in pages of 1000 ({pages.Sum(p => p.Length) / 1048576.0:N0} MB), {rounds} rounds, one thread");
        Console.WriteLine("| step | µs per record |");
        Console.WriteLine("|---|---|");

        // Before: the page as a node tree, each record sorted and written from it.
        double parse = 0, write = 0;
        for (var round = 0; round < rounds; round++)
            foreach (var page in pages)
            {
                var clock = Stopwatch.StartNew();
                var results = ((JsonNode.Parse(page)!["result"]!["results"]) as JsonArray)!.OfType<JsonObject>().ToList();
                foreach (var record in results) _ = record["id"]; // what the pager read: the tree is built as it is first looked into
                parse += clock.Elapsed.TotalMicroseconds;
                clock.Restart();
                using var sink = new MemoryStream();
                using var writer = new JsonLinesWriter(sink);
                foreach (var record in results) writer.Write(record);
                write += clock.Elapsed.TotalMicroseconds;
            }
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| node tree: parse the page, build each record | {0:0.0} |", parse / records));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| node tree: sort keys and write the line | {0:0.0} |", write / records));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| **node tree, in all (before)** | **{0:0.0}** |", (parse + write) / records));

        // Now: the page's document, each record's bytes copied, parsed alone, written sorted from its document.
        double page1 = 0, write2 = 0;
        for (var round = 0; round < rounds; round++)
            foreach (var page in pages)
            {
                var clock = Stopwatch.StartNew();
                using var document = JsonDocument.Parse(page);
                var raws = new List<byte[]>(1000);
                foreach (var record in document.RootElement.GetProperty("result").GetProperty("results").EnumerateArray())
                {
                    _ = record.GetProperty("id").GetString();
                    raws.Add(JsonMarshal.GetRawUtf8Value(record).ToArray());
                }
                page1 += clock.Elapsed.TotalMicroseconds;
                clock.Restart();
                using var sink = new MemoryStream();
                using var writer = new JsonLinesWriter(sink);
                foreach (var raw in raws)
                {
                    using var one = JsonDocument.Parse(raw);
                    writer.Write(one.RootElement);
                }
                write2 += clock.Elapsed.TotalMicroseconds;
            }
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| document: parse the page, keep each record's bytes | {0:0.0} |", page1 / records));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| document: parse the record, sort keys and write the line | {0:0.0} |", write2 / records));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| **document, in all (now)** | **{0:0.0}** |", (page1 + write2) / records));
    }
}
