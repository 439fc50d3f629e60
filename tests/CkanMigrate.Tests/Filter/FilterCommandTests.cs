using CkanMigrate.Filter;
using CkanMigrate.Tests.Support;
using CkanMigrate.Ckan;

namespace CkanMigrate.Tests.Filter;

/// <summary>filter --since (spec §7) with bug I1's string comparison replaced by instants, and I2's needless dependency gone.</summary>
public sealed class FilterCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Filter(string since, string input, params string[] more) =>
        CliProcess.RunAsync(["filter", "--since", since, "-I", input, "-O", _dir.File("out.jsonl"), "-q", .. more]);

    [Fact]
    public async Task I2_kept_lines_pass_through_byte_for_byte_with_nothing_but_the_tool()
    {
        var input = _dir.File("in.jsonl");
        var lines = new[]
        {
            """{"id": "a",  "metadata_modified": "2018-04-12T17:07:36.284461", "title": "ünï"}""",
            """{"id":"b","metadata_modified":"2018-04-12T17:07:35"}""",
            """{"metadata_modified":"2018-04-12T17:07:36","id":"c","nested":{"metadata_modified":"1999-01-01T00:00:00"}}""",
        };
        File.WriteAllLines(input, lines);

        var run = await Filter("2018-04-12T17:07:36", input);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([lines[0], lines[2]], File.ReadAllLines(_dir.File("out.jsonl")));
        Assert.Contains("3 lines: 2 kept (0 without metadata_modified), 1 older, 0 rejected", run.Stderr);
    }

    [Theory]
    [InlineData("2018-04-12T17:07:36Z", "2018-04-12T17:07:36.000001", true)]
    [InlineData("2018-04-12T17:07:36Z", "2018-04-12T17:07:36", true)]
    [InlineData("2018-04-12T17:07:36.5", "2018-04-12T17:07:36", false)]
    [InlineData("2018-04-12T18:07:36+01:00", "2018-04-12T17:07:36", true)]
    [InlineData("2018-04-12T18:07:36+01:00", "2018-04-12T17:07:35.999999", false)]
    [InlineData("2018-04-12", "2018-04-11T23:59:59.999999", false)]
    [InlineData("2018-04-12 17:07", "2018-04-12T09:00:00", false)]
    public void Timestamps_are_compared_as_instants_not_strings(string since, string modified, bool kept)
    {
        Assert.True(Timestamps.TryParse(since, out var s));
        Assert.True(Timestamps.TryParse(modified, out var m));
        Assert.Equal(kept, m >= s);
    }

    [Fact]
    public async Task Records_without_metadata_modified_are_kept_and_counted_and_bad_values_rejected()
    {
        var input = _dir.File("in.jsonl");
        File.WriteAllLines(input, ["""{"id":"none"}""", """{"id":"null","metadata_modified":null}""", """{"id":"bad","metadata_modified":"yesterday"}""", "not json", """{"id":"new","metadata_modified":"2030-01-01T00:00:00"}"""]);
        var rejects = _dir.File("rejects.jsonl");

        var run = await Filter("2020-01-01T00:00:00Z", input, "--rejects", rejects);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("5 lines: 3 kept (2 without metadata_modified), 0 older, 2 rejected", run.Stderr);
        Assert.Equal(["""{"id":"bad","metadata_modified":"yesterday"}""", "not json"], File.ReadAllLines(rejects));
    }

    [Fact]
    public async Task A_malformed_since_is_a_usage_error_and_writes_nothing()
    {
        var input = _dir.File("in.jsonl");
        File.WriteAllText(input, "{}\n");

        var run = await Filter("last tuesday", input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--since 'last tuesday' is not a valid ISO 8601 date or time", run.Stderr);
        Assert.False(File.Exists(_dir.File("out.jsonl")));
    }

    [Fact]
    public async Task Gzip_input_and_output_work()
    {
        var input = _dir.File("in.jsonl.gz");
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(input), System.IO.Compression.CompressionLevel.Fastest))
            await gz.WriteAsync("{\"metadata_modified\":\"2024-01-01T00:00:00\"}\n"u8.ToArray());

        var run = await CliProcess.RunAsync("filter", "--since", "2023-01-01", "-I", input, "-O", _dir.File("out.jsonl.gz"), "-q");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(JsonLinesFile.Read(_dir.File("out.jsonl.gz")));
    }
}
