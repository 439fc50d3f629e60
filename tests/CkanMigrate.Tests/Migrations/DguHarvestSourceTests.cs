using System.Text.Json.Nodes;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Migrations;

/// <summary>spec §8: harvest sources dumped from a legacy site, converted, and loaded by name through the API.</summary>
public sealed class DguHarvestSourceTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonObject Legacy(string name, string type, string? publisher = "pub", bool active = true, string frequency = "WEEKLY", string url = "https://example.org/csw") =>
        new()
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["name"] = name,
            ["url"] = url,
            ["title"] = $"Source {name}",
            ["description"] = "Legacy description",
            ["config"] = "",
            ["type"] = type,
            ["active"] = active,
            ["frequency"] = frequency,
            ["publisher_title"] = publisher is null ? "" : "Publisher",
            ["publisher_name"] = publisher,
        };

    [Theory]
    [InlineData("gemini-single", "single-doc")]
    [InlineData("gemini-csw", "csw")]
    [InlineData("gemini-waf", "waf")]
    [InlineData("data_json", "dcat_json")]
    [InlineData("inventory", "inventory")]
    public void Types_map_through_table_10_2(string legacy, string expected)
    {
        var result = new DguHarvestSourceConverter(production: false).Convert(Legacy("s", legacy));
        Assert.Equal(expected, result.Record!["source_type"]!.ToString());
        Assert.Equal("MANUAL", result.Record["frequency"]!.ToString());
        Assert.Equal("pub", result.Record["owner_org"]!.ToString());
        Assert.Null(result.Record["id"]);
    }

    [Theory]
    [InlineData("https://h/foo", "https://h/data.json")]
    [InlineData("https://h/foo/", "https://h/foo/data.json")]
    [InlineData("https://h", "https://h/data.json")]
    public void The_dkan_source_becomes_dcat_json_at_data_json(string url, string expected)
    {
        var result = new DguHarvestSourceConverter(production: true).Convert(Legacy("cambs", "dkan", url: url));
        Assert.Equal("dcat_json", result.Record!["source_type"]!.ToString());
        Assert.Equal(expected, result.Record["url"]!.ToString());
        Assert.Equal("WEEKLY", result.Record["frequency"]!.ToString());
    }

    [Fact]
    public void Inactive_sources_are_skipped_and_a_nameless_one_takes_its_id()
    {
        var converter = new DguHarvestSourceConverter(production: false);
        Assert.Equal(ConversionOutcome.Skipped, converter.Convert(Legacy("off", "gemini-waf", active: false)).Outcome);
        var nameless = Legacy("", "gemini-waf");
        var id = nameless["id"]!.ToString();
        Assert.Equal(id, converter.Convert(nameless).Record!["name"]!.ToString());
    }

    [Fact]
    public void H1_a_source_without_a_publisher_is_rejected_not_a_crash()
    {
        var result = new DguHarvestSourceConverter(production: false).Convert(Legacy("orphan", "gemini-waf", publisher: null));
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.Contains("no publisher_name", result.Reason);
    }

    [Fact]
    public async Task Dump_convert_and_load_harvest_sources_end_to_end_then_reload_unchanged()
    {
        await using var source = await FakeCkanServer.StartAsync(FakeCkanOptions.LegacyMode());
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode());
        var pub = source.Store.SeedGroup(new JsonObject { ["name"] = "pub", ["title"] = "Publisher" }, organization: true);
        target.Store.SeedGroup(new JsonObject { ["name"] = "pub", ["title"] = "Publisher" }, organization: true);
        source.Store.SeedLegacyHarvestSource(new JsonObject { ["name"] = "csw-one", ["url"] = "https://a.example/csw", ["title"] = "CSW", ["type"] = "gemini-csw", ["frequency"] = "WEEKLY", ["publisher_id"] = pub["id"]!.ToString() });
        source.Store.SeedLegacyHarvestSource(new JsonObject { ["name"] = "waf-two", ["url"] = "https://b.example/waf/", ["title"] = "WAF", ["type"] = "gemini-waf", ["frequency"] = "FORTNIGHTLY", ["publisher_id"] = pub["id"]!.ToString() });
        source.Store.SeedLegacyHarvestSource(new JsonObject { ["name"] = "no-publisher", ["url"] = "https://c.example/", ["type"] = "gemini-waf", ["publisher_id"] = "gone" });
        source.Store.SeedLegacyHarvestSource(new JsonObject { ["name"] = "switched-off", ["url"] = "https://d.example/", ["type"] = "gemini-waf", ["active"] = false, ["publisher_id"] = pub["id"]!.ToString() });
        var dumped = _dir.File("harvest.jsonl");
        var converted = _dir.File("harvest-new.jsonl");
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken };

        var dump = await CliProcess.RunAsync("dump", "harvest-sources", "--all", "-r", source.BaseUrl.ToString(), "-O", dumped, "-q");
        var convert = await CliProcess.RunAsync("convert", "harvest-sources", "--profile", "dgu", "-I", dumped, "-O", converted, "-q");
        var load = await CliProcess.RunAsync(["load", "harvest-sources", "-I", converted, "-r", target.BaseUrl.ToString(), "-q"], env);
        var again = await CliProcess.RunAsync(["load", "harvest-sources", "-I", converted, "-r", target.BaseUrl.ToString(), "-q"], env);

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(4, JsonLinesFile.Read(dumped).Count);
        Assert.Equal(1, source.Calls["harvest_source_list"]);
        Assert.Equal(3, convert.ExitCode); // the publisher-less source is rejected (H1)
        Assert.Contains("4 lines: 2 converted, 1 skipped, 1 rejected", convert.Stderr);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains("2 created", load.Stderr);
        var csw = target.Store.GetDataset("csw-one")!;
        Assert.Equal("harvest", csw["type"]!.ToString());
        Assert.Equal("csw", csw["source_type"]!.ToString());
        Assert.Equal("MANUAL", csw["frequency"]!.ToString());
        Assert.Equal(target.Store.GetGroup("pub")!["id"]!.ToString(), csw["owner_org"]!.ToString());
        Assert.Contains("2 unchanged", again.Stderr);
    }

    [Fact]
    public async Task H2_a_fortnightly_source_in_production_is_rejected_by_the_target_with_its_reason()
    {
        await using var target = await FakeCkanServer.StartAsync();
        target.Store.SeedGroup(new JsonObject { ["name"] = "pub" }, organization: true);
        var input = _dir.File("in.jsonl");
        var output = _dir.File("out.jsonl");
        JsonLinesFile.Write(input, [Legacy("fortnightly", "gemini-waf", frequency: "FORTNIGHTLY")]);
        var log = _dir.File("load.log");

        await CliProcess.RunAsync("convert", "harvest-sources", "-I", input, "-O", output, "--production", "-q");
        var load = await CliProcess.RunAsync(["load", "harvest-sources", "-I", output, "-r", target.BaseUrl.ToString(), "-q", "-l", log],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = target.SysadminToken });

        Assert.Equal(3, load.ExitCode);
        Assert.Contains("FORTNIGHTLY", JsonLinesFile.Read(log)[0]["error"]!.ToString());
    }
}
