using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;
using CkanMigrate.Load;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Load;

public sealed class RecordFormsTests
{
    [Fact]
    public async Task A_dataset_equals_the_copy_ckan_keeps_of_it()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub");
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = ckan.SysadminToken });
        var site = await client.ProbeAsync();
        var record = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["name"] = "echo",
            ["owner_org"] = org["id"]!.ToString(),
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "n", ["value"] = 5 }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "bb" }, new JsonObject { ["name"] = "aa" }),
            ["resources"] = new JsonArray(new JsonObject { ["url"] = "https://example.org/x.csv", ["format"] = "CSV", ["size"] = 12 }),
        };
        await client.CallAsync("package_create", RecordForms.WriteForm(EntityKind.Datasets, record, site));
        var shown = (JsonObject)(await client.CallAsync("package_show", new JsonObject { ["id"] = "echo" }))!;

        // The record has no resource created time, so CKAN's own is left out (ServerFillsWhenAbsent).
        var mask = CkanMigrate.Comparison.ComparableForm.FilledMask(record);
        Assert.NotEqual(0, mask);
        Assert.Equal(Text(CkanMigrate.Comparison.ComparableForm.Of(EntityKind.Datasets, record, mask)),
            Text(CkanMigrate.Comparison.ComparableForm.Of(EntityKind.Datasets, shown, mask)));
        Assert.True(ComparedApart.Owner.Of(record).Overlaps(ComparedApart.Owner.Of(shown)));
    }

    private static string Text(JsonObject o) => System.Text.Encoding.UTF8.GetString(CkanMigrate.JsonLines.JsonLineFormat.ToLineBytes(o));

    [Fact]
    public void An_organization_named_by_id_or_by_name_is_the_same_owner()
    {
        var source = JsonNode.Parse("""{"owner_org":"src-id","organization":{"id":"src-id","name":"pub"}}""")!.AsObject();
        var target = JsonNode.Parse("""{"owner_org":"tgt-id","organization":{"id":"tgt-id","name":"pub"}}""")!.AsObject();
        Assert.True(ComparedApart.Owner.Of(source).Overlaps(ComparedApart.Owner.Of(target)));
    }

    [Fact]
    public void Server_fields_and_representation_differences_do_not_count()
    {
        var a = JsonNode.Parse("""{"name":"x","title":"x","private":false,"metadata_modified":"2020-01-01T00:00:00","num_tags":1,"tags":[{"name":"t","id":"1","display_name":"t","state":"active","vocabulary_id":null}],"extras":[{"key":"k","value":"5"}],"notes":null,"url":""}""")!.AsObject();
        var b = JsonNode.Parse("""{"name":"x","tags":[{"name":"t"}],"extras":[{"key":"k","value":5}]}""")!.AsObject();
        Assert.Equal(RecordForms.Fingerprint(EntityKind.Datasets, a), RecordForms.Fingerprint(EntityKind.Datasets, b));
    }

    [Fact]
    public void A_changed_title_changes_the_fingerprint()
    {
        var a = JsonNode.Parse("""{"name":"x","title":"One"}""")!.AsObject();
        var b = JsonNode.Parse("""{"name":"x","title":"Two"}""")!.AsObject();
        Assert.NotEqual(RecordForms.Fingerprint(EntityKind.Datasets, a), RecordForms.Fingerprint(EntityKind.Datasets, b));
    }

    [Fact]
    public void The_target_index_builds_every_fingerprint_as_the_loader_computes_them_apart()
    {
        var target = JsonNode.Parse("""{"name":"x","resources":[{"url":"u","created":"2020-01-01T00:00:00","format":"CSV"},{"created":"2020-01-01T00:00:00"}]}""")!.AsObject();
        var (full, byMask) = CkanMigrate.Comparison.ComparableForm.Fingerprints(EntityKind.Datasets, target);
        Assert.Equal(RecordForms.Fingerprint(EntityKind.Datasets, target), full);
        for (var mask = 0; mask < CkanMigrate.Comparison.ComparableForm.FilledMasks; mask++)
            Assert.Equal(CkanMigrate.Comparison.ComparableForm.Digest(EntityKind.Datasets, target, mask), byMask![mask]);
        Assert.Equal(4, byMask!.Distinct().Count()); // created and format each count, apart and together
    }

    [Fact]
    public void A_record_without_created_but_with_format_still_compares_its_format()
    {
        // ServerFillsWhenAbsent, per field: the mask leaves out created only.
        var record = JsonNode.Parse("""{"name":"x","resources":[{"url":"u","format":"CSV"}]}""")!.AsObject();
        var stored = JsonNode.Parse("""{"name":"x","resources":[{"url":"u","format":"XLS","created":"2020-01-01T00:00:00"}]}""")!.AsObject();
        var index = CkanMigrate.Load.TargetIndex.Describe(EntityKind.Datasets, stored);
        Assert.False(RecordComparer.Same(EntityKind.Datasets, record, index));
        stored["resources"]![0]!["format"] = "CSV";
        Assert.True(RecordComparer.Same(EntityKind.Datasets, record, CkanMigrate.Load.TargetIndex.Describe(EntityKind.Datasets, stored)));
    }

    [Fact]
    public async Task A_harvest_config_dumped_as_an_object_is_sent_as_text_and_then_compares_unchanged()
    {
        // HarvestConfigAsText: ckanext-harvest refuses a config object ("Input string must be text, not bytes").
        await using var ckan = await FakeCkan.FakeCkanServer.StartAsync();
        var org = Support.Seed.Organization(ckan, "pub")["id"]!.ToString();
        var record = JsonNode.Parse($$$"""{"name":"src","url":"https://example.org/csw","source_type":"csw","owner_org":"{{{org}}}","config":{"default_tags":[{"name":"geo"}]}}""")!.AsObject();
        using var client = new CkanClient(new CkanClientOptions { BaseUrl = ckan.BaseUrl, ApiKey = ckan.SysadminToken });
        var site = await client.ProbeAsync();

        var created = (JsonObject)(await client.CallAsync("harvest_source_create", RecordForms.WriteForm(EntityKind.HarvestSources, record, site)))!;

        Assert.Equal("""{"default_tags":[{"name":"geo"}]}""", created["config"]!.ToString());
        Assert.True(RecordComparer.Same(EntityKind.HarvestSources, record, CkanMigrate.Load.TargetIndex.Describe(EntityKind.HarvestSources, created)));
    }
}
