using CkanMigrate.Migrations;

namespace CkanMigrate.Tests.Profiles;

/// <summary>Our cm_ transmutators: extras read by key, extras to fields and back, slugs, and renames noted as old → new.</summary>
public sealed class OurTransmutatorTests
{
    private static string Schema(string fields) => $"root: D\ntypes:\n  D:\n    fields:\n{fields}";

    private const string Dataset = """{"id":"1","extras":[{"key":"theme","value":"Health"},{"key":"licence","value":"OGL"}]}""";

    [Fact]
    public void Cm_extra_reads_an_extra_by_its_key()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", Schema("      theme: {validate_missing: true, validators: [[cm_extra, theme]]}\n      none: {validate_missing: true, validators: [[cm_extra, nope]]}\n"));
        Assert.Equal("""{"id":"1","extras":[{"key":"theme","value":"Health"},{"key":"licence","value":"OGL"}],"theme":"Health","none":null}""",
            ProfileHarness.Convert(profile, Dataset).Json);
    }

    [Fact]
    public void Cm_extras_to_fields_moves_the_named_extras_or_all()
    {
        using var harness = new ProfileHarness();
        var some = harness.Load("some.yaml", Schema("      extras: {validators: [[cm_extras_to_fields, theme]]}\n"));
        Assert.Equal("""{"id":"1","extras":[{"key":"licence","value":"OGL"}],"theme":"Health"}""", ProfileHarness.Convert(some, Dataset).Json);
        var all = harness.Load("all.yaml", Schema("      extras: {validators: [cm_extras_to_fields]}\n"));
        Assert.Equal("""{"id":"1","extras":[],"theme":"Health","licence":"OGL"}""", ProfileHarness.Convert(all, Dataset).Json);
        var (clash, _) = ProfileHarness.Convert(all, """{"id":"1","theme":"x","extras":[{"key":"theme","value":"Health"}]}""");
        Assert.Equal(ConversionOutcome.Rejected, clash.Outcome);
        Assert.Contains("D:extras: cm_extras_to_fields would overwrite the field 'theme'", clash.Reason);
        // The same value twice (legacy portals kept both) is no conflict.
        Assert.Equal("""{"id":"1","theme":"Health","extras":[]}""", ProfileHarness.Convert(all, """{"id":"1","theme":"Health","extras":[{"key":"theme","value":"Health"}]}""").Json);
    }

    [Fact]
    public void Cm_fields_to_extras_moves_fields_back_as_text()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", Schema("      extras: {validate_missing: true, validators: [[cm_fields_to_extras, theme, size, gone, empty]]}\n"));
        Assert.Equal("""{"id":"1","extras":[{"key":"a","value":"b"},{"key":"theme","value":"Health"},{"key":"size","value":"[1,2]"}]}""",
            ProfileHarness.Convert(profile, """{"id":"1","theme":"Health","size":[1,2],"empty":null,"extras":[{"key":"a","value":"b"}]}""").Json);
        // No extras at all: validate_missing lets the list be made.
        Assert.Equal("""{"id":"1","extras":[{"key":"theme","value":"x"}]}""", ProfileHarness.Convert(profile, """{"id":"1","theme":"x"}""").Json);
    }

    [Fact]
    public void Extras_that_are_not_key_value_objects_reject_the_record()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", Schema("      extras: {validators: [cm_extras_to_fields]}\n"));
        var (result, _) = ProfileHarness.Convert(profile, """{"id":"1","extras":[{"value":"no key"}]}""");
        Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
        Assert.Contains("s.yaml:5", result.Reason);
    }

    [Theory]
    [InlineData("Ann Smith", "ann-smith")]
    [InlineData("Crème Brûlée!", "creme-brulee")]
    [InlineData("--Already_ok-name--", "already_ok-name")]
    [InlineData("Łódź  Æbø", "lodz-abo")]
    public void Cm_slug_makes_a_name_ckan_accepts(string name, string slug)
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", Schema("      name: {validators: [cm_slug]}\n"));
        Assert.Equal($$"""{"name":"{{slug}}"}""", ProfileHarness.Convert(profile, $$"""{"name":"{{name}}"}""").Json);
    }

    [Fact]
    public void Cm_note_rename_reports_old_and_new_only_when_changed()
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("s.yaml", Schema("      name: {validators: [cm_note_rename, tsm_to_lowercase]}\n"));
        var (changed, _) = ProfileHarness.Convert(profile, """{"name":"Ann"}""");
        Assert.Equal([("renamed D:name", "Ann → ann")], changed.Notes);
        Assert.Empty(ProfileHarness.Convert(profile, """{"name":"ann"}""").Result.Notes);
    }
}
