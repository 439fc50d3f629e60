using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations.Dgu;

namespace CkanMigrate.Bench;

/// <summary>Times each stage of convert datasets in-process, one thread (read, validate, parse, convert), to show where time goes.</summary>
internal static class ConvertStages
{
    public static async Task RunAsync(int datasets)
    {
        var path = Path.Combine(Path.GetTempPath(), "ckan-migrate-stages.jsonl");
        await LegacyDumpGenerator.WriteAsync(path, datasets);
        var mb = new FileInfo(path).Length / 1048576.0;
        var converter = new DguDatasetConverter();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var stage in new[] { "read", "utf8", "parse", "convert" })
        {
            var clock = Stopwatch.StartNew();
            await using var writer = new Utf8JsonWriter(buffer, JsonLineFormat.Options);
            await foreach (var line in JsonLinesReader.ReadAsync(path))
            {
                if (stage == "read") continue;
                if (stage == "utf8")
                {
                    System.Text.Unicode.Utf8.IsValid(line.Raw);
                    continue;
                }
                line.TryParseDocument(out var document, out _);
                using (document)
                {
                    if (stage == "parse") continue;
                    buffer.ResetWrittenCount();
                    writer.Reset(buffer);
                    converter.ConvertRaw(document!.RootElement, writer);
                    writer.Flush();
                }
            }
            Console.WriteLine($"{stage,-8} {mb / clock.Elapsed.TotalSeconds,8:N0} MB/s cumulative");
        }
        File.Delete(path);
    }
}
