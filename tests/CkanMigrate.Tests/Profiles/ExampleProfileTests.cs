using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Migrations;
using CkanMigrate.Profiles;

namespace CkanMigrate.Tests.Profiles;

/// <summary>The example profiles in profiles/, each run on the bundled data.gov.uk sample (samples/dgu) or, where it has no case of it, on small records.</summary>
public sealed class ExampleProfileTests
{
    private static readonly string[] ContactKeys = ["contact-name", "contact-email", "contact-phone", "foi-name", "foi-email", "foi-phone", "foi-web"];

    private static string Repo(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CkanMigrate.slnx"))) return Path.Combine([dir.FullName, .. parts]);
        throw new DirectoryNotFoundException("CkanMigrate.slnx not found");
    }

    private static ConversionProfile Example(string name)
    {
        var result = ConversionProfile.Load(Repo("profiles", name));
        Assert.True(result.Ok, string.Join("\n", result.Problems));
        return result.Profile!;
    }

    private static string[] Sample(string kind) => File.ReadAllLines(Repo("samples", "dgu", $"{kind}.jsonl"));

    private static JsonObject Converted(ConversionProfile profile, string line, EntityKind kind = EntityKind.Datasets)
    {
        var (result, json) = ProfileHarness.Convert(profile, line, kind);
        Assert.True(result.Outcome == ConversionOutcome.Converted, result.Reason);
        return (JsonObject)JsonNode.Parse(json!)!;
    }

    private static Dictionary<string, string?> Extras(JsonObject record) =>
        (record["extras"] as JsonArray ?? []).Select(e => e!.AsObject()).ToDictionary(e => (string)e["key"]!, e => e["value"]?.ToString());

    [Fact]
    public void Extras_become_scheming_fields_and_come_back()
    {
        var there = Example("extras-to-scheming.yaml");
        var back = Example("scheming-to-extras.yaml");
        var moved = 0;
        foreach (var line in Sample("datasets"))
        {
            var original = (JsonObject)JsonNode.Parse(line)!;
            var scheming = Converted(there, line);
            foreach (var key in ContactKeys.Where(Extras(original).ContainsKey))
            {
                Assert.Equal(Extras(original)[key], scheming[key]!.ToString());
                Assert.DoesNotContain(key, Extras(scheming).Keys);
                moved++;
            }
            var again = Converted(back, scheming.ToJsonString());
            // Every extra is back; a contact field the record had only at the top level is now an extra too.
            foreach (var (key, value) in Extras(again))
                Assert.Equal(Extras(original).TryGetValue(key, out var was) ? was : original[key]!.ToString(), value);
            Assert.Empty(Extras(original).Keys.Except(Extras(again).Keys));
            Assert.DoesNotContain(again, p => ContactKeys.Contains(p.Key));
        }
        Assert.True(moved > 10, $"only {moved} extras moved");
    }

    [Fact]
    public void Licences_are_re_mapped()
    {
        var profile = Example("licence-mapping.yaml");
        var licences = Sample("datasets").Select(line => ((string?)JsonNode.Parse(line)!["license_id"], (string?)Converted(profile, line)["license_id"])).ToList();
        Assert.Contains(("uk-ogl", "OGL-UK-3.0"), licences);
        Assert.Contains(("", "notspecified"), licences);
        Assert.All(licences, l => Assert.NotEqual("uk-ogl", l.Item2));
    }

    [Theory]
    [InlineData("users", EntityKind.Users)]
    [InlineData("organizations", EntityKind.Organizations)]
    [InlineData("datasets", EntityKind.Datasets)]
    public void Names_are_prefixed_for_a_merge_and_each_rename_is_noted(string file, EntityKind kind)
    {
        var profile = Example("merge-prefix.yaml");
        foreach (var line in Sample(file))
        {
            var name = (string)JsonNode.Parse(line)!["name"]!;
            var (result, json) = ProfileHarness.Convert(profile, line, kind);
            Assert.Equal("dgu-" + name, (string)JsonNode.Parse(json!)!["name"]!);
            Assert.Contains(result.Notes, n => n.Category.StartsWith("renamed", StringComparison.Ordinal) && n.Value == $"{name} → dgu-{name}");
        }
        var dataset = Converted(profile, """{"id":"1","name":"d","organization":{"name":"o"},"groups":[{"name":"g"}]}""");
        Assert.Equal("""{"id":"1","name":"dgu-d","groups":[{"name":"dgu-g"}]}""", dataset.ToJsonString());
    }

    [Fact]
    public void Names_are_slugged_with_the_old_and_new_name_noted()
    {
        var profile = Example("slug-names.yaml");
        // The sample's names are already good: nothing changes, nothing is noted.
        foreach (var line in Sample("users"))
        {
            var (result, json) = ProfileHarness.Convert(profile, line, EntityKind.Users);
            Assert.Equal(JsonNode.Parse(line)!["name"]!.ToString(), JsonNode.Parse(json!)!["name"]!.ToString());
            Assert.Empty(result.Notes);
        }
        var (renamed, after) = ProfileHarness.Convert(profile, """{"id":"u1","name":"Jane.Example"}""", EntityKind.Users);
        Assert.Equal("""{"id":"u1","name":"jane-example"}""", after);
        Assert.Equal([("renamed User:name", "Jane.Example → jane-example")], renamed.Notes);
        var (refused, _) = ProfileHarness.Convert(profile, """{"id":"u2","name":"X"}""", EntityKind.Users);
        Assert.Equal("User:name: Must be at least 2 characters long", refused.Reason);
    }

    [Fact]
    public async Task A_preview_shows_the_first_records_before_and_after()
    {
        var profile = Example("licence-mapping.yaml");
        var preview = await profile.PreviewAsync("datasets", Repo("samples", "dgu", "datasets.jsonl"), 2);
        Assert.Equal([1L, 2L], preview.Select(p => p.Line));
        Assert.All(preview, p => Assert.Contains("\"uk-ogl\"", p.Before));
        Assert.All(preview, p => Assert.Contains("\"license_id\":\"OGL-UK-3.0\"", p.After));
    }
}
