using System.IO.Compression;
using System.Text.Json.Nodes;

namespace CkanMigrate.Tests.Support;

public static class JsonLinesFile
{
    public static List<JsonObject> Read(string path)
    {
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        var gz = file.Read(magic, 0, 2) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using Stream stream = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static string Write(string path, IEnumerable<JsonObject> records)
    {
        File.WriteAllLines(path, records.Select(r => r.ToJsonString()));
        return path;
    }

    public static List<JsonObject> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
}
