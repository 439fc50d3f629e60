using System.Globalization;
using System.Text.Json.Nodes;

namespace CkanMigrate.Bench;

/// <summary>
/// Makes a legacy data.gov.uk dataset dump of any size from the sample records (themselves built
/// from the real fixtures): each copy gets its own id, name and metadata_modified.
/// </summary>
internal static class LegacyDumpGenerator
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CkanMigrate.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("CkanMigrate.slnx not found");
    }

    public static async Task WriteAsync(string path, int count)
    {
        var samples = File.ReadAllLines(Path.Combine(RepoRoot(), "samples", "dgu", "datasets.jsonl"))
            .Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var writer = new StreamWriter(path);
        for (var i = 0; i < count; i++)
        {
            var d = (JsonObject)samples[i % samples.Count].DeepClone();
            d["id"] = DatasetFactory.Id("legacy", i);
            d["name"] = $"{d["name"]}-{i:D6}";
            d["metadata_modified"] = start.AddMinutes(i * 37 % 1_500_000).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            await writer.WriteLineAsync(d.ToJsonString());
        }
    }
}
