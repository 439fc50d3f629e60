using System.Text.Json.Nodes;
using CkanMigrate.Migrations;
using CkanMigrate.Migrations.Dgu;
using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Migrations;

/// <summary>spec/dgu-migration.md §6, the worked example of §15.1, and the fixes D1–D4.</summary>
public sealed class DguDatasetConverterTests
{
    private static JsonObject LandRegistry() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(SharedFiles.Path("fixtures", "dgu", "legacy-api", "land_registry_dataset.json")))!;

    private static JsonObject Convert(JsonObject record)
    {
        var result = new DguDatasetConverter().Convert(record);
        Assert.Equal(ConversionOutcome.Converted, result.Outcome);
        return result.Record!;
    }

    private static List<string> ExtraKeys(JsonObject d) => ((JsonArray)d["extras"]!).Select(e => e!["key"]!.ToString()).ToList();

    private static JsonNode? Extra(JsonObject d, string key) =>
        ((JsonArray)d["extras"]!).OfType<JsonObject>().Single(e => e["key"]!.ToString() == key)["value"];

    [SharedFact]
    public void Worked_example_15_1_land_registry()
    {
        var d = Convert(LandRegistry());

        Assert.Equal("business-and-economy", d["theme-primary"]!.ToString());
        var codelist = ((JsonArray)d["codelist"]!).Select(x => x!.ToString()).ToList();
        Assert.Equal(3, codelist.Count);
        Assert.Equal("c52ccb62-03bb-4846-ae40-4d46d0118ceb", codelist[0]);
        Assert.StartsWith("fded", codelist[1]);
        Assert.StartsWith("50c6", codelist[2]);
        var schema = ((JsonArray)d["schema-vocabulary"]!).Select(x => x!.ToString()).ToList();
        Assert.Equal(6, schema.Count);
        Assert.StartsWith("95347050-", schema[0]);
        Assert.StartsWith("f0b8313f-", schema[1]);
        foreach (var gone in new[] { "schema", "tags", "num_tags", "timeseries_resources", "additional_resources", "individual_resources", "theme-secondary", "geographic_coverage", "qa" })
            Assert.False(d.ContainsKey(gone), gone);
        Assert.Equal("DRO@landregistry.gsi.gov.uk", d["contact-email"]!.ToString());
        Assert.Equal("FOI@landregistry.gsi.gov.uk", d["foi-email"]!.ToString());

        // The unchanged extras in order, then the moved ones. archiver is moved too (D4 fixed).
        Assert.Equal(["core-dataset", "date", "date_released", "date_updated", "geographic_granularity", "its-dataset", "mandate", "odi-certificate",
            "precision", "register", "sla", "temporal_coverage-from", "temporal_coverage-to", "temporal_granularity", "unpublished", "update_frequency",
            "archiver", "qa", "theme-secondary", "geographic_coverage"], ExtraKeys(d));
        Assert.Equal("""["Mapping", "Society"]""", Extra(d, "theme-secondary")!.ToString());
        Assert.Equal("""["england", "wales"]""", Extra(d, "geographic_coverage")!.ToString());
        var qa = JsonNode.Parse(Extra(d, "qa")!.ToString())!;
        Assert.Equal(5, qa["openness_score"]!.GetValue<int>());
        Assert.StartsWith("Content of file appeared", qa["openness_score_reason"]!.ToString());
    }

    [Fact]
    public void Moved_values_are_written_as_python_2_json()
    {
        var d = new JsonObject { ["name"] = "x", ["extras"] = new JsonArray(), ["qa"] = JsonNode.Parse("""{"a": [1, 2.0], "é": "ünï/<>"}""") };
        var moved = Extra(Convert(d), "qa")!.ToString();
        Assert.Equal("""{"a": [1, 2.0], "\u00e9": "\u00fcn\u00ef/<>"}""", moved);
    }

    [Fact]
    public void Primary_themes_map_exactly_and_everything_else_becomes_None()
    {
        var mapped = Convert(new JsonObject { ["name"] = "a", ["theme-primary"] = "Towns & Cities" });
        var stored = new DguDatasetConverter().Convert(new JsonObject { ["name"] = "b", ["theme-primary"] = "Towns" });
        var missing = new DguDatasetConverter().Convert(new JsonObject { ["name"] = "c" });

        Assert.Equal("towns-and-cities", mapped["theme-primary"]!.ToString());
        Assert.Equal("None", stored.Record!["theme-primary"]!.ToString());
        Assert.Contains(stored.Notes, n => n.Category == DguDatasetConverter.PrimaryThemeNotMapped && n.Value == "Towns");
        Assert.Equal("None", missing.Record!["theme-primary"]!.ToString());
        Assert.DoesNotContain(missing.Notes, n => n.Category == DguDatasetConverter.PrimaryThemeNotMapped);
    }

    [Fact]
    public void Extras_that_became_schema_fields_are_removed_and_top_level_copies_stay()
    {
        var d = Convert(new JsonObject
        {
            ["name"] = "x",
            ["contact-name"] = "Top",
            ["extras"] = JsonNode.Parse("""[{"key":"contact-name","value":"Extra"},{"key":"date_update_future","value":"1/1/2020"},{"key":"licence","value":"Free text"},{"key":"contact-name","value":"Again"}]"""),
        });
        Assert.Equal(["licence"], ExtraKeys(d));
        Assert.Equal("Top", d["contact-name"]!.ToString());
    }

    [Fact]
    public void D1_a_record_without_tags_extras_or_resources_is_converted_not_a_crash()
    {
        var result = new DguDatasetConverter().Convert(new JsonObject { ["name"] = "bare", ["theme-secondary"] = new JsonArray("Health") });
        Assert.Equal(ConversionOutcome.Converted, result.Outcome);
        Assert.Equal("""["Health"]""", Extra(result.Record!, "theme-secondary")!.ToString());
    }

    [Theory]
    [InlineData("a@b.org\n", "a@b.org")]
    [InlineData("  a@b.org  ", "a@b.org")]
    [InlineData("mailto:a@b.org", "a@b.org")]
    [InlineData("MAILTO: a@b.org\r\n", "a@b.org")]
    [InlineData("ä@b.org", "@b.org")]
    public void D2_emails_are_trimmed_stripped_of_mailto_and_of_non_ascii(string raw, string clean)
    {
        var d = Convert(new JsonObject { ["name"] = "x", ["author_email"] = raw, ["foi-email"] = raw, ["maintainer_email"] = null });
        Assert.Equal(clean, d["author_email"]!.ToString());
        Assert.Equal(clean, d["foi-email"]!.ToString());
        Assert.Null(d["maintainer_email"]);
    }

    [SharedFact]
    public void D3_a_resource_qa_already_a_string_is_not_encoded_twice()
    {
        var land = LandRegistry();
        var before = land["resources"]![0]!["qa"]!.ToString();
        var d = Convert(land);
        Assert.Equal(before, d["resources"]![0]!["qa"]!.ToString());
        var dict = Convert(new JsonObject { ["name"] = "x", ["resources"] = JsonNode.Parse("""[{"qa":{"openness_score":3},"archiver":null}]""") });
        Assert.Equal("""{"openness_score": 3}""", dict["resources"]![0]!["qa"]!.ToString());
        Assert.Equal("null", dict["resources"]![0]!["archiver"]!.ToString());
    }

    [Fact]
    public void Only_the_qa_and_archiver_objects_of_resources_are_rewritten_and_everything_else_is_kept_as_it_was()
    {
        var resources = JsonNode.Parse("""
            [{"id":"r1","qa":{"openness_score":3,"reason":"\u00e9"},"archiver":"{'status': 'ok'}","size":12,"tracking_summary":{"total":0}},
             "not an object",
             {"id":"r3","archiver":[1,2],"description":"caf\u00e9 \"quoted\""},
             {"id":"r4","url":"http://x"}]
            """)!;
        var d = Convert(new JsonObject { ["name"] = "x", ["resources"] = resources.DeepClone() });

        var converted = (JsonArray)d["resources"]!;
        Assert.Equal(4, converted.Count);
        Assert.Equal("""{"openness_score": 3, "reason": "\u00e9"}""", converted[0]!["qa"]!.ToString());
        Assert.Equal("{'status': 'ok'}", converted[0]!["archiver"]!.ToString());
        Assert.True(JsonNode.DeepEquals(resources[0]!["tracking_summary"], converted[0]!["tracking_summary"]));
        Assert.Equal(12, (int)converted[0]!["size"]!);
        Assert.Equal("not an object", converted[1]!.ToString());
        Assert.Equal("[1, 2]", converted[2]!["archiver"]!.ToString());
        Assert.Equal("café \"quoted\"", converted[2]!["description"]!.ToString());
        Assert.True(JsonNode.DeepEquals(resources[3], converted[3]));
    }

    [Fact]
    public void Extras_that_are_not_key_value_objects_are_kept_and_moved_values_replace_their_namesakes()
    {
        var d = Convert(new JsonObject
        {
            ["name"] = "x",
            ["extras"] = JsonNode.Parse("""["odd", {"value":"no key"}, {"key":"qa","value":"old"}, {"key":"licence","value":"OGL"}]"""),
            ["qa"] = JsonNode.Parse("""{"openness_score":1}"""),
        });
        var extras = (JsonArray)d["extras"]!;
        Assert.Equal(4, extras.Count);
        Assert.Equal("odd", extras[0]!.ToString());
        Assert.Equal("no key", extras[1]!["value"]!.ToString());
        Assert.Equal("licence", extras[2]!["key"]!.ToString());
        Assert.Equal("qa", extras[3]!["key"]!.ToString());
        Assert.Equal("""{"openness_score": 1}""", extras[3]!["value"]!.ToString());
    }

    [SharedFact]
    public void D4_the_dataset_level_archiver_moves_to_extras()
    {
        var d = Convert(LandRegistry());
        Assert.False(d.ContainsKey("archiver"));
        Assert.Equal("Chose not to download", JsonNode.Parse(Extra(d, "archiver")!.ToString())!["status"]!.ToString());
    }

    [Fact]
    public void A_codelist_without_ids_is_rejected_with_a_reason()
    {
        var result = new DguDatasetConverter().Convert(new JsonObject { ["name"] = "x", ["codelist"] = JsonNode.Parse("""[{"title":"no id"}]""") });
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.Contains("codelist", result.Reason);
    }

    [Fact]
    public void A_non_string_email_is_rejected_with_a_reason()
    {
        var result = new DguDatasetConverter().Convert(new JsonObject { ["name"] = "x", ["author_email"] = 5 });
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.Contains("author_email", result.Reason);
    }

    [SharedTheory]
    [InlineData("legacy-api/package_show_create.json")]
    [InlineData("legacy-api/package_show_update.json")]
    [InlineData("legacy-api/package_show_inspire.json")]
    [InlineData("legacy-api/package_show_empty.json")]
    public void Every_legacy_fixture_converts(string file)
    {
        var record = (JsonObject)JsonNode.Parse(File.ReadAllText(SharedFiles.Path("fixtures", "dgu", file)))!["result"]!;
        var name = record["name"]!.ToString();
        var d = Convert(record);
        Assert.Equal(name, d["name"]!.ToString());
        Assert.Null(d["tags"]);
        Assert.Null(d["individual_resources"]);
        Assert.DoesNotContain(ExtraKeys(d), k => DguTables.ExtrasNowFields.Contains(k));
        Assert.True(d["theme-primary"]!.ToString() is "None" || DguTables.PrimaryThemes.Values.Contains(d["theme-primary"]!.ToString()));
    }
}
