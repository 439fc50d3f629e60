using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Bench;

/// <summary>
/// Makes a legacy data.gov.uk dataset dump of any size from the sample records (themselves built
/// from the real fixtures): each copy gets its own id, name and metadata_modified. Lines are written
/// as ckanapi and our own dump write them (keys sorted, UTF-8 unescaped). <c>escaped</c> writes
/// them instead as an HTML-safe encoder would, every apostrophe, quote and non-ASCII character as
/// \uXXXX: no dumper we know does that, but it is the worst case for parsing, kept for comparison.
/// </summary>
internal static class LegacyDumpGenerator
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CkanMigrate.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("CkanMigrate.slnx not found");
    }

    public static async Task WriteAsync(string path, int count, bool escaped = false)
    {
        var samples = File.ReadAllLines(Path.Combine(RepoRoot(), "samples", "dgu", "datasets.jsonl"))
            .Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await using var escapedWriter = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default });
        await using var writer = new Utf8JsonWriter(file, JsonLineFormat.Options);
        for (var i = 0; i < count; i++)
        {
            var d = (JsonObject)samples[i % samples.Count].DeepClone();
            d["id"] = DatasetFactory.Id("legacy", i);
            d["name"] = $"{d["name"]}-{i:D6}";
            d["metadata_modified"] = start.AddMinutes(i * 37 % 1_500_000).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            if (escaped) JsonLineFormat.WriteLine(escapedWriter, file, d);
            else JsonLineFormat.WriteLine(writer, file, d);
        }
    }
}
