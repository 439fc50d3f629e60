using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.JsonLines;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.JsonLines;

/// <summary>
/// Issue #13 §4: a dump writes a search page's records straight from the parsed document. The
/// bytes must be those the node-tree path wrote, so files stay the same whichever path made them.
/// </summary>
public sealed class SortedElementWriterTests
{
    private static string ThroughNodes(string json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new JsonLinesWriter(buffer)) writer.Write(JsonNode.Parse(json)!);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ThroughDocument(string json)
    {
        using var buffer = new MemoryStream();
        using var document = JsonDocument.Parse(json);
        using (var writer = new JsonLinesWriter(buffer)) writer.Write(document.RootElement);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData("""{"z":1,"a":{"y":[{"b":2,"a":1},[],{}],"x":null},"m":[true,false,null]}""")]
    [InlineData("""{"text":"caf\u00e9 \n \" \\ \u2028 </script> & ' + \ud83d\ude00 é","plain":"ascii only"}""")]
    [InlineData("""{"n":[1.0,1e5,-0,12345678901234567890123,0.1,-1.5E-7,0]}""")]
    [InlineData("""{"é":1,"Z":2,"a":3,"_":4,"ä":5,"\uE000":6,"😀":7,"A":8,"":9}""")]
    [InlineData("""{"extras":[{"key":"b","value":"{\"nested\": \"json text\"}"},{"value":"1","key":"a"}],"resources":[{"url":"http://x/a b?c=d&e=f","id":"r1"}]}""")]
    [InlineData("""{}""")]
    public void A_record_is_written_the_same_from_its_document_as_from_a_node_tree(string json) =>
        Assert.Equal(ThroughNodes(json), ThroughDocument(json));

    [Fact]
    public void Every_record_of_the_bundled_samples_is_written_the_same_both_ways()
    {
        var checkedLines = 0;
        var files = Directory.GetFiles(Path.Combine(SharedFiles.RepoRoot, "samples"), "*.jsonl", SearchOption.AllDirectories);
        foreach (var line in files.SelectMany(File.ReadLines))
        {
            JsonNode? node;
            try { node = JsonNode.Parse(line); } catch (JsonException) { continue; } // lines the samples keep broken on purpose
            if (node is not JsonObject) continue;
            Assert.Equal(ThroughNodes(line), ThroughDocument(line));
            checkedLines++;
        }
        Assert.True(checkedLines > 20, $"{checkedLines} lines");
    }

    [Fact]
    public void A_key_given_twice_keeps_its_last_value_as_pythons_json_does() =>
        Assert.Equal("{\"a\":1,\"b\":3}\n", ThroughDocument("""{"b":2,"a":1,"b":3}"""));
}
