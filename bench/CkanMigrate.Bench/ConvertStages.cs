using System.Diagnostics;
using System.Text.Json;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations.Dgu;

namespace CkanMigrate.Bench;

/// <summary>Times each stage of convert datasets in-process (read, parse, convert, write) to show where time goes.</summary>
internal static class ConvertStages
{
    public static async Task RunAsync(int datasets)
    {
        var path = Path.Combine(Path.GetTempPath(), "ckan-migrate-stages.jsonl");
        await LegacyDumpGenerator.WriteAsync(path, datasets);
        var mb = new FileInfo(path).Length / 1048576.0;
        foreach (var stage in new[] { "read", "document", "parse", "convert", "write" })
        {
            var clock = Stopwatch.StartNew();
            using var sink = new MemoryStream();
            await using var writer = new Utf8JsonWriter(sink, JsonLineFormat.Options);
            var converter = new DguDatasetConverter();
            await foreach (var line in JsonLinesReader.ReadAsync(path))
            {
                if (stage == "read") continue;
                if (stage == "document")
                {
                    using var doc = JsonDocument.Parse(line.Raw);
                    continue;
                }
                line.TryParseObject(out var record, out _);
                if (stage == "parse") continue;
                var result = converter.Convert(record!);
                if (stage == "convert") continue;
                writer.Reset(sink);
                result.Record!.WriteTo(writer);
                writer.Flush();
                sink.SetLength(0);
            }
            Console.WriteLine($"{stage,-8} {mb / clock.Elapsed.TotalSeconds,8:N0} MB/s cumulative");
        }
        File.Delete(path);
    }
}
