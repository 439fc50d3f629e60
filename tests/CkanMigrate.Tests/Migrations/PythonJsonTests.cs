using System.Text;
using System.Text.Json;
using CkanMigrate.Migrations;

namespace CkanMigrate.Tests.Migrations;

/// <summary>Python 2 json.dumps, as the original scripts stored qa/archiver values (expected strings made with Python).</summary>
public sealed class PythonJsonTests
{
    [Fact]
    public void Every_kind_of_character_is_escaped_as_python_does()
    {
        const string json = """{"k": ["a\"b\\c\nd\te\u00e9\ud83d\ude00 ~\u0001\u007f/<>", 1.5, null, true, {"x": []}]}""";
        const string python = """{"k": ["a\"b\\c\nd\te\u00e9\ud83d\ude00 ~\u0001\u007f/<>", 1.5, null, true, {"x": []}]}""";

        Assert.Equal(python, PythonJson.Dumps(Encoding.UTF8.GetBytes(json)));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(python, PythonJson.Dumps(document.RootElement));
    }

    [Fact]
    public void Compact_input_gets_python_separators_and_long_plain_runs_survive()
    {
        var plain = new string('x', 5000) + "'apostrophes' & <tags>";
        var json = $$"""{"a":{"b":[1,2]},"s":"{{plain}}","c":"\\"}""";

        Assert.Equal($$"""{"a": {"b": [1, 2]}, "s": "{{plain}}", "c": "\\"}""", PythonJson.Dumps(Encoding.UTF8.GetBytes(json)));
    }
}
