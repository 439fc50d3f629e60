using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations.Dgu;

namespace CkanMigrate.Bench;

/// <summary>Times convert datasets in-process on one thread, against reading alone and against the parses it could use, to show where time goes.</summary>
internal static class ConvertStages
{
    public static async Task RunAsync(int datasets)
    {
        var path = Path.Combine(Path.GetTempPath(), "ckan-migrate-stages.jsonl");
        await LegacyDumpGenerator.WriteAsync(path, datasets);
        var mb = new FileInfo(path).Length / 1048576.0;
        var converter = new DguDatasetConverter();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var stage in new[] { "read", "utf8", "tokens", "document", "convert" })
        {
            var clock = Stopwatch.StartNew();
            await using var writer = new Utf8JsonWriter(buffer, JsonLineFormat.Options);
            await foreach (var line in JsonLinesReader.ReadAsync(path))
            {
                switch (stage)
                {
                    case "utf8":
                        System.Text.Unicode.Utf8.IsValid(line.Raw.Span);
                        break;
                    case "tokens": // what convert's single validating pass costs at least
                        var reader = new Utf8JsonReader(line.Raw.Span);
                        while (reader.Read()) { }
                        break;
                    case "document": // what a whole-document parse would cost instead
                        JsonDocument.Parse(line.Raw).Dispose();
                        break;
                    case "convert":
                        buffer.ResetWrittenCount();
                        writer.Reset(buffer);
                        converter.ConvertRaw(line.Raw, writer);
                        writer.Flush();
                        break;
                }
            }
            Console.WriteLine($"{stage,-8} {mb / clock.Elapsed.TotalSeconds,8:N0} MB/s ({clock.Elapsed.TotalMilliseconds / mb:0.00} ms/MB)");
        }
        File.Delete(path);
    }
}
