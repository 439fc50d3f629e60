using CkanMigrate.Entities;
using CkanMigrate.Migrations;
using CkanMigrate.Profiles;

namespace CkanMigrate.Tests.Profiles;

/// <summary>Reading a profile: its shape, every problem reported at once with file and line, kinds and digest.</summary>
public sealed class ProfileReadingTests
{
    [Fact]
    public void Every_problem_is_reported_at_once_with_file_line_and_key()
    {
        using var harness = new ProfileHarness();
        var problems = harness.Problems("profile.yaml", """
            name: broken
            datasets:
              root: Dataset
              types:
                Dataset:
                  fields:
                    title:
                      validators: [tsm_to_lowercse]
                      mapp: name
                    notes:
                      validators: [[tsm_trim_string, "5"]]
                    tags:
                      multiple: "yes"
            dataset: {}
            """);
        Assert.Collection(problems,
            p => Assert.Equal(("profile.yaml", 8, "validators"), (Path.GetFileName(p.File), p.Line, p.Key)),
            p => Assert.Equal((9, "mapp"), (p.Line, p.Key)),
            p => Assert.Equal((11, "tsm_trim_string"), (p.Line, p.Key)),
            p => Assert.Equal((13, "multiple"), (p.Line, p.Key)),
            p => Assert.Equal((14, "dataset"), (p.Line, p.Key)));
        Assert.Contains("tsm_to_lowercse", problems[0].Message);
        Assert.Contains("whole number", problems[2].Message);
    }

    [Theory]
    [InlineData("[tsm_mapper]", "Arguments for validator weren't provided")]
    [InlineData("tsm_trim_string", "takes 1 argument, not 0")]
    [InlineData("[tsm_trim_string, 1, 2]", "takes 1 argument, not 2")]
    [InlineData("[tsm_map_value, 1]", "takes 2 to 3 arguments, not 1")]
    [InlineData("tsm_concat", "takes at least 1 argument, not 0")]
    [InlineData("[tsm_to_lowercase, 1]", "takes no argument, not 1")]
    [InlineData("[tsm_mapper, [a, b]]", "must be a mapping")]
    [InlineData("[tsm_list_mapper, {a: b}, \"yes\"]", "must be true or false")]
    [InlineData("[tsm_trim_string, true]", "must be a whole number")]
    [InlineData("[5, 1]", "named by text")]
    public void Wrong_transmutator_use_is_refused_when_read(string validator, string message)
    {
        using var harness = new ProfileHarness();
        var problems = harness.Problems("schema.yaml", $"root: D\ntypes:\n  D:\n    fields:\n      f:\n        validators: [{validator}]\n");
        var problem = Assert.Single(problems);
        Assert.Equal(6, problem.Line);
        Assert.Contains(message, problem.Message);
    }

    [Theory]
    [InlineData("f: {inherit_mode: combine, default_from: g}", "inherit_mode")]
    [InlineData("f: {inherit_mode: all, default_from: [g]}", "inherit_mode")]
    [InlineData("f: {remove: true, map: g}", "map")]
    [InlineData("f: {multiple: true, validators: [tsm_to_string]}", "validators")]
    [InlineData("f: {update: true}", "update")]
    [InlineData("f: {type: Nowhere}", "type")]
    [InlineData("f: {weight: heavy}", "weight")]
    [InlineData("f: {default_from: []}", "default_from")]
    [InlineData("f: {map: 5}", "map")]
    [InlineData("f: null", "f")]
    public void Keys_without_effect_or_of_the_wrong_kind_are_refused(string field, string key)
    {
        using var harness = new ProfileHarness();
        var problem = Assert.Single(harness.Problems("schema.yaml", $"root: D\ntypes:\n  D:\n    fields:\n      {field}\n"));
        Assert.Equal((key, 5), (problem.Key, problem.Line));
    }

    [Theory]
    [InlineData("schema.yaml", "root: D\ntypes:\n  D: {}\nroot: E\n")]
    [InlineData("schema.json", "{\"root\": \"D\", \"types\": {\"D\": {}},\n \"root\": \"E\"}")]
    public void A_key_given_twice_is_refused(string file, string text)
    {
        using var harness = new ProfileHarness();
        Assert.Equal(file.EndsWith(".json", StringComparison.Ordinal) ? 2 : 4, Assert.Single(harness.Problems(file, text)).Line);
    }

    [Fact]
    public void Json_files_report_lines_too()
    {
        using var harness = new ProfileHarness();
        var problem = Assert.Single(harness.Problems("schema.json", "{\n  \"root\": \"D\",\n  \"types\": {\"D\": {\n    \"fields\": {\"f\": {\"mapx\": \"g\"}}}}\n}"));
        Assert.Equal((4, "mapx"), (problem.Line, problem.Key));
    }

    [Fact]
    public void Syntax_errors_and_missing_files_are_problems_not_exceptions()
    {
        using var harness = new ProfileHarness();
        Assert.Equal(2, Assert.Single(harness.Problems("bad.yaml", "name: x\ndatasets: [unclosed\n")).Line is var line && line >= 2 ? 2 : line);
        var missing = Assert.Single(harness.Problems("profile.yaml", "datasets: nowhere.yaml\n"));
        Assert.Equal((1, "(file)"), (missing.Line, missing.Key));
        Assert.Contains("nowhere.yaml", missing.Message);
    }

    [Fact]
    public void A_profile_names_kinds_inline_or_by_relative_path()
    {
        using var harness = new ProfileHarness();
        harness.Write("schemas/users.json", """{"root": "U", "types": {"U": {"fields": {"name": {"validators": ["tsm_to_lowercase"]}}}}}""");
        var profile = harness.Load("profile.yaml", """
            name: two kinds
            description: users lower-cased, datasets untouched but for a default
            users: schemas/users.json
            datasets:
              root: D
              types: {D: {fields: {license_id: {default: notspecified}}}}
            """);
        Assert.Equal(("two kinds", "users lower-cased, datasets untouched but for a default"), (profile.Name, profile.Description));
        Assert.Equal(["users", "datasets"], profile.Kinds.Order(StringComparer.Ordinal).Reverse());
        Assert.True(profile.Covers(EntityKind.Users));
        Assert.Null(profile.ConverterFor(EntityKind.Groups));
        Assert.Equal("""{"name":"ann"}""", ProfileHarness.Convert(profile, """{"name":"Ann"}""", EntityKind.Users).Json);
        Assert.Equal("""{"id":"1","license_id":"notspecified"}""", ProfileHarness.Convert(profile, """{"id":"1"}""").Json);
    }

    [Fact]
    public void A_file_that_is_a_schema_converts_datasets()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("schema.yaml", "root: D\ntypes:\n  D:\n    fields:\n      title: {map: name}\n");
        Assert.Equal(["datasets"], profile.Kinds);
        Assert.Equal("schema", profile.Name);
        Assert.Equal("""{"id":"1","name":"T"}""", ProfileHarness.Convert(profile, """{"id":"1","title":"T"}""").Json);
    }

    [Fact]
    public void The_digest_follows_the_profile_and_every_file_it_references()
    {
        using var harness = new ProfileHarness();
        harness.Write("d.yaml", "root: D\ntypes: {D: {fields: {a: {default: 1}}}}\n");
        harness.Write("f.js", "function twice(v) { return v + v; }\n");
        var path = harness.Write("p.yaml", "functions: f.js\ndatasets: d.yaml\n");
        var first = ConversionProfile.Load(path).Profile!.Digest;
        Assert.Equal(first, ConversionProfile.Load(path).Profile!.Digest);
        Assert.Matches("^[0-9a-f]{64}$", first);
        harness.Write("d.yaml", "root: D\ntypes: {D: {fields: {a: {default: 2}}}}\n");
        var second = ConversionProfile.Load(path).Profile!.Digest;
        harness.Write("f.js", "function twice(v) { return v + v + ''; }\n");
        var third = ConversionProfile.Load(path).Profile!.Digest;
        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
    }

    [Fact]
    public void Check_lists_nothing_for_a_good_profile()
    {
        using var harness = new ProfileHarness();
        Assert.Empty(ConversionProfile.Check(harness.Write("ok.yaml", "root: D\ntypes: {D: {}}\n")));
        Assert.NotEmpty(ConversionProfile.Check(harness.Write("bad.yaml", "root: E\ntypes: {D: {}}\n")));
    }

    [Fact]
    public void Yaml_scalars_follow_the_core_schema()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("schema.yaml", "root: D\ntypes:\n  D:\n    fields:\n      a: {value: yes}\n      b: {value: 'true'}\n      c: {value: true}\n      d: {value: 1.50}\n      e: {value: ~}\n      f: {value: 0x1F}\n");
        Assert.Equal("""{"id":"1","a":"yes","b":"true","c":true,"d":1.5,"e":null,"f":31}""", ProfileHarness.Convert(profile, """{"id":"1"}""").Json);
    }

    [Fact]
    public void A_record_without_id_or_name_is_rejected_as_the_runner_does()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("schema.yaml", "root: D\ntypes: {D: {}}\n");
        var (result, _) = ProfileHarness.Convert(profile, """{"title":"x"}""");
        Assert.Equal((ConversionOutcome.Rejected, CkanMigrate.Entities.RecordChecks.NoKey), (result.Outcome, result.Reason));
        Assert.Equal(ConversionOutcome.Rejected, ProfileHarness.Convert(profile, "[1]").Result.Outcome);
    }
}
