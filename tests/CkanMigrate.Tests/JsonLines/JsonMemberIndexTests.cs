using System.Text;
using System.Text.Json;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Tests.JsonLines;

/// <summary>The single validating pass the dataset conversion is built on: what it finds, and what it refuses.</summary>
public sealed class JsonMemberIndexTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Members_keep_their_order_kind_and_exact_bytes()
    {
        var line = Utf8("""{"b": [1, {"x": "y"}] ,"a":"caf\u00e9 \"q\"","n":null,"e\u0078":{}}""");
        using var index = new JsonMemberIndex();

        Assert.True(index.TryLoad(line, out var error), error);

        Assert.Equal(["b", "a", "n", "ex"], index.Members.Select(m => m.Name));
        Assert.Equal([JsonTokenType.StartArray, JsonTokenType.String, JsonTokenType.Null, JsonTokenType.StartObject], index.Members.Select(m => m.Kind));
        Assert.Equal("""[1, {"x": "y"}]""", Encoding.UTF8.GetString(index.Raw(index.Members[0]).Span));
        Assert.Equal(""" "caf\u00e9 \"q\"" """.Trim(), Encoding.UTF8.GetString(index.Raw(index.Members[1]).Span));
        Assert.Equal("café \"q\"", index.GetString(index.Members[1]));
        Assert.Null(index.GetString(index.Members[2]));
        Assert.Equal(JsonValueKind.Object, index.Parse(index.Members[3]).ValueKind);
    }

    [Fact]
    public void A_repeated_name_is_found_as_its_last_value_and_both_are_listed()
    {
        using var index = new JsonMemberIndex();
        Assert.True(index.TryLoad(Utf8("""{"k":1,"other":true,"k":2}"""), out _));

        Assert.True(index.TryGet("k", out var k));
        Assert.Equal("2", Encoding.UTF8.GetString(index.Raw(k).Span));
        Assert.Equal(2, index.Members.Count(m => m.Name == "k"));
        Assert.False(index.TryGet("missing", out _));
    }

    [Fact]
    public void A_walker_reads_its_value_once_and_its_answer_is_kept()
    {
        var seen = new List<int>();
        var walkers = new Dictionary<string, JsonMemberIndex.ValueWalker>
        {
            ["list"] = (ref Utf8JsonReader reader) =>
            {
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    count++;
                    reader.Skip();
                }
                seen.Add(count);
                return count > 2;
            },
        };
        using var index = new JsonMemberIndex(walkers);

        Assert.True(index.TryLoad(Utf8("""{"list":[1,[2,3],{"a":4}],"after":"x"}"""), out var error), error);

        Assert.Equal([3], seen);
        Assert.True(index.Members[0].Mark);
        Assert.False(index.Members[1].Mark);
        Assert.Equal("""[1,[2,3],{"a":4}]""", Encoding.UTF8.GetString(index.Raw(index.Members[0]).Span));
        Assert.Equal("x", index.GetString(index.Members[1]));
    }

    [Theory]
    [InlineData("""{"a":1} }""", "not valid JSON")]
    [InlineData("""{"a":1""", "not valid JSON")]
    [InlineData("""{"a":oops}""", "not valid JSON")]
    [InlineData("""[{"a":1}]""", "a JSON array, not an object")]
    [InlineData("""[{"a":1},""", "not valid JSON")]
    [InlineData("42", "a JSON number, not an object")]
    [InlineData("\"text\"", "a JSON string, not an object")]
    [InlineData("null", "null, not an object")]
    [InlineData("false", "a JSON false, not an object")]
    public void A_line_that_is_not_one_object_is_refused_with_the_reason(string line, string reason)
    {
        using var index = new JsonMemberIndex();
        Assert.False(index.TryLoad(Utf8(line), out var error));
        Assert.StartsWith(reason, error);
        Assert.Empty(index.Members);
    }

    [Fact]
    public void Invalid_utf8_is_refused_before_parsing()
    {
        using var index = new JsonMemberIndex();
        byte[] latin1 = [.. Utf8("{\"name\":\"caf"), 0xE9, .. Utf8("\"}")];
        Assert.False(index.TryLoad(latin1, out var error));
        Assert.Equal(JsonLineErrors.NotUtf8, error);
    }

    [Fact]
    public void Nesting_is_allowed_as_deep_as_the_tree_parser_allows()
    {
        using var index = new JsonMemberIndex();
        var deep = "{\"d\":" + new string('[', 200) + new string(']', 200) + "}";
        var tooDeep = "{\"d\":" + new string('[', 300) + new string(']', 300) + "}";
        Assert.True(index.TryLoad(Utf8(deep), out _));
        Assert.False(index.TryLoad(Utf8(tooDeep), out var error));
        Assert.StartsWith("not valid JSON", error);
    }
}
