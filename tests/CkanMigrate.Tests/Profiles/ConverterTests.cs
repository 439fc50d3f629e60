using System.Text;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.JsonLines;
using CkanMigrate.Migrations;
using CkanMigrate.Reporting;

namespace CkanMigrate.Tests.Profiles;

/// <summary>The profile's converter in the convert runner, and where we deliberately differ from transmute.</summary>
public sealed class ConverterTests
{
    private const string Schema = """
        root: D
        types:
          D:
            fields:
              tags: {value: [x], update: true}
              title: {validators: [tsm_to_uppercase]}
              resources: {multiple: true, type: R}
          R:
            fields:
              format: {validators: [tsm_stop_on_empty, tsm_to_lowercase]}
        """;

    [Fact]
    public void A_schema_constant_is_fresh_for_each_record()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", "root: D\ntypes: {D: {fields: {tags: {default: []}, more: {default_from: tags, value: [1], update: true}}}}\n");
        // Within a record the default list is one object (transmute copies its schema per call), so both fields show the append…
        Assert.Equal("""{"id":"1","tags":[1],"more":[1]}""", ProfileHarness.Convert(profile, """{"id":"1"}""").Json);
        // …and the next record starts from an empty list again.
        Assert.Equal("""{"id":"2","tags":[1],"more":[1]}""", ProfileHarness.Convert(profile, """{"id":"2"}""").Json);
    }

    [Fact]
    public async Task The_runner_gives_the_same_bytes_on_one_thread_and_on_several()
    {
        using var harness = new ProfileHarness();
        var converter = harness.Load("s.yaml", Schema).ConverterFor(EntityKind.Datasets)!;
        var lines = Enumerable.Range(0, 3000).Select(i => i % 500 == 7
            ? $$"""{"id":"{{i}}","title":5}"""
            : $$"""{"id":"{{i}}","title":"t{{i}}","tags":["a"],"resources":[{"format":"CSV"},{"format":""}],"notes":"unchanged \u00e9 {{i}}"}""").ToList();
        var input = harness.Write("in.jsonl", string.Join("\n", lines) + "\n");
        async Task<(string Output, ConvertSummary Summary)> Run(int threads)
        {
            using var output = new MemoryStream();
            await using var log = RecordLog.None;
            var summary = await new ConvertRunner(converter, threads).RunAsync(JsonLinesReader.ReadAsync(input), output, log, null, new ProgressCounter("test"));
            return (Encoding.UTF8.GetString(output.ToArray()), summary);
        }
        var (one, oneSummary) = await Run(1);
        var (four, fourSummary) = await Run(4);
        Assert.Equal(one, four);
        Assert.Equal((2994L, 6L), (fourSummary.Converted, fourSummary.Rejected));
        // Members no rule reads are copied as they came, escapes and all.
        Assert.Equal("""{"id":"8","title":"T8","tags":["a","x"],"resources":[{"format":"csv"},{"format":""}],"notes":"unchanged \u00e9 8"}""", one.Split('\n')[7]);
        Assert.Equal(oneSummary.Converted, fourSummary.Converted);
    }

    [Fact]
    public void The_tree_form_gives_the_same_record()
    {
        using var harness = new ProfileHarness();
        var converter = harness.Load("s.yaml", Schema).ConverterFor(EntityKind.Datasets)!;
        var result = converter.Convert((JsonObject)JsonNode.Parse("""{"id":"1","tags":[],"title":"a","resources":[{"format":"XLS"}]}""")!);
        Assert.Equal("""{"id":"1","tags":["x"],"title":"A","resources":[{"format":"xls"}]}""", result.Record!.ToJsonString());
    }

    [Fact]
    public void Unique_only_keeps_the_first_seen_order()
    {
        // transmute returns list(set(value)): for text, an order that changes from one Python process to the next.
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", "root: D\ntypes: {D: {fields: {f: {validators: [tsm_unique_only]}}}}\n");
        Assert.Equal("""{"id":"1","f":["b","a","c"]}""", ProfileHarness.Convert(profile, """{"id":"1","f":["b","a","b","c","a"]}""").Json);
    }

    [Theory]
    [InlineData("Feb 3 2022")]
    [InlineData("3/2/2022")]
    [InlineData("2022")]
    public void Free_text_dates_are_refused_rather_than_guessed(string date)
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", "root: D\ntypes: {D: {fields: {f: {validators: [tsm_isodate]}}}}\n");
        var (result, _) = ProfileHarness.Convert(profile, $$"""{"id":"1","f":"{{date}}"}""");
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.StartsWith("D:f: Date format incorrect", result.Reason);
        Assert.Contains("not an ISO 8601 date", result.Reason);
    }
}
