using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Pipeline;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Integrity;

/// <summary>Issue #10 §1: a record is unchanged only when every field the target stores equals the input's.</summary>
public sealed class ChangeDetectionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Load(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync(["load", .. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    /// <summary>Loads the record, then the edited record, and returns the second load's result.</summary>
    private async Task<CliResult> LoadThenEdited(FakeCkanServer ckan, string kind, JsonObject record, Action<JsonObject> edit)
    {
        var first = await Load(ckan, kind, "-I", JsonLinesFile.Write(_dir.File("first.jsonl"), [record]));
        Assert.True(first.ExitCode == 0, first.ToString());
        var again = await Load(ckan, kind, "-I", _dir.File("first.jsonl"));
        Assert.Contains("1 unchanged", again.Stderr);
        var edited = (JsonObject)record.DeepClone();
        edit(edited);
        return await Load(ckan, kind, "-I", JsonLinesFile.Write(_dir.File("edited.jsonl"), [edited]));
    }

    private static JsonObject Dataset(string org) => new()
    {
        ["id"] = Seed.DeterministicId("dataset", "ds"),
        ["name"] = "ds",
        ["title"] = "A title",
        ["owner_org"] = org,
        ["resources"] = new JsonArray(new JsonObject
        {
            ["id"] = Seed.DeterministicId("resource", "r"), ["url"] = "https://example.org/r.csv", ["format"] = "CSV",
            ["created"] = "2015-01-02T03:04:05",
        }),
    };

    [Fact]
    public async Task A_user_whose_only_change_is_the_password_hash_is_updated()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var user = new JsonObject { ["name"] = "pat", ["email"] = "pat@example.org", ["password_hash"] = "$pbkdf2-sha512$25000$old$hash" };

        var run = await LoadThenEdited(ckan, "users", user, u => u["password_hash"] = "$pbkdf2-sha512$25000$new$hash");

        Assert.Contains("1 updated", run.Stderr);
        Assert.Equal("$pbkdf2-sha512$25000$new$hash", ckan.Store.GetUser("pat")!["password_hash"]!.ToString());
    }

    [Fact]
    public async Task A_whitespace_only_edit_reaches_the_target()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();

        var run = await LoadThenEdited(ckan, "datasets", Dataset(org), d => d["title"] = "A title ");

        Assert.Contains("1 updated", run.Stderr);
        Assert.Equal("A title ", ckan.Store.GetDataset("ds")!["title"]!.ToString());
    }

    [Fact]
    public async Task A_changed_resource_created_time_is_an_update()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();

        var run = await LoadThenEdited(ckan, "datasets", Dataset(org), d => d["resources"]![0]!["created"] = "2016-01-02T03:04:05");

        Assert.Contains("1 updated", run.Stderr);
        Assert.StartsWith("2016-01-02T03:04:05", ckan.Store.GetDataset("ds")!["resources"]![0]!["created"]!.ToString());
    }

    [Fact]
    public async Task A_harvest_sources_extras_change_is_an_update()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(ckan, "pub")["id"]!.ToString();
        var source = new JsonObject
        {
            ["name"] = "src", ["title"] = "Source", ["url"] = "https://example.org/csw", ["source_type"] = "ckan", ["owner_org"] = org,
            ["config"] = "{\"api_version\": 3}",
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "contact", ["value"] = "a@example.org" }),
        };

        var run = await LoadThenEdited(ckan, "harvest-sources", source, s => s["extras"]![0]!["value"] = "b@example.org");

        Assert.Contains("1 updated", run.Stderr);
        Assert.Contains("b@example.org", ckan.Store.GetDataset("src")!["extras"]!.ToJsonString());
    }

    [Fact]
    public async Task A_dgu_publishers_contact_fields_category_and_parent_arrive_and_their_edits_are_detected()
    {
        await using var ckan = await FakeCkanServer.StartAsync(new FakeCkanOptions { DataGovUkPlugin = true });
        Seed.Organization(ckan, "parent-body");
        var publisher = new JsonObject
        {
            ["name"] = "child-body", ["title"] = "Child body", ["category"] = "ministerial-department",
            ["contact-email"] = "contact@example.gov.uk", ["foi-email"] = "foi@example.gov.uk",
            ["groups"] = new JsonArray(new JsonObject { ["name"] = "parent-body", ["capacity"] = "public" }),
        };

        var run = await LoadThenEdited(ckan, "organizations", publisher, p => p["category"] = "local-council");

        Assert.Contains("1 updated", run.Stderr);
        var shown = ckan.Store.GetGroup("child-body")!;
        Assert.Equal("local-council", shown["category"]!.ToString());
        Assert.Equal("contact@example.gov.uk", shown["contact-email"]!.ToString());
        Assert.Equal("foi@example.gov.uk", shown["foi-email"]!.ToString());
        Assert.Single((JsonArray)shown["member_groups"]!);
    }

    [Fact]
    public void Verify_lists_every_differing_field_down_to_a_resource_and_counts_whitespace()
    {
        var source = JsonNode.Parse("""{"name":"x","title":"T","resources":[{"url":"u","description":"d "}],"extras":[{"key":"b","value":"1"},{"key":"a","value":2}]}""")!.AsObject();
        var target = JsonNode.Parse("""{"name":"x","title":"T","num_tags":0,"metadata_modified":"2020","resources":[{"url":"u","description":"d","position":0}],"extras":[{"key":"a","value":"2"},{"key":"b","value":"1"}]}""")!.AsObject();

        var diffs = FieldDiff.Between(EntityKind.Datasets, source, target);

        Assert.Equal(["resources[0].description"], diffs.Select(d => d.Field));
    }

    [Fact]
    public void Representation_rules_extras_order_null_versus_missing_and_numbers_as_text()
    {
        var sent = JsonNode.Parse("""{"name":"x","notes":null,"extras":[{"key":"n","value":5},{"key":"a","value":"x"}],"tags":[{"name":"b"},{"name":"a"}]}""")!.AsObject();
        var stored = JsonNode.Parse("""{"name":"x","title":"x","type":"dataset","state":"active","private":false,"extras":[{"key":"a","value":"x","id":"1","state":"active"},{"key":"n","value":"5"}],"tags":[{"name":"a","id":"t1","display_name":"a"},{"name":"b","id":"t2"}]}""")!.AsObject();

        Assert.Empty(FieldDiff.Between(EntityKind.Datasets, sent, stored));
        Assert.Equal(CkanMigrate.Load.RecordForms.Fingerprint(EntityKind.Datasets, sent), CkanMigrate.Load.RecordForms.Fingerprint(EntityKind.Datasets, stored));
    }

    [Fact]
    public void The_server_managed_lists_give_a_reason_for_every_field()
    {
        foreach (var kind in Enum.GetValues<EntityKind>())
            Assert.All(CkanMigrate.Comparison.ServerManagedFields.For(kind), f => Assert.False(string.IsNullOrWhiteSpace(f.Reason), f.Name));
        Assert.DoesNotContain(CkanMigrate.Comparison.ServerManagedFields.For(EntityKind.Organizations), f => f.Name == "groups");
        Assert.DoesNotContain(CkanMigrate.Comparison.ServerManagedFields.Resource, f => f.Name == "created");
    }

    [Theory]
    [InlineData("$pbkdf2-sha512$25000$abc$def", false)]
    [InlineData("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", false)]
    [InlineData("2ba4e2c9d2b28b5b0d15c3e85f3a1b8c1f4b0e2ab4c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3", false)]
    [InlineData("4%n(@b7[Vdsz4)6eO/i;_G*;;F%bGDt\\kLjb8I+wr#|0=ySWk?", true)]
    [InlineData("$I\"XSW.S'+n\\_z\\{Td]U_+G]p.<,snr&5N&Ay$}sKC|l5{;E,MD", true)] // a random one that happens to start with $
    public void UnusablePasswordHash_tells_random_strings_from_real_hashes(string hash, bool unusable) =>
        Assert.Equal(unusable, CkanMigrate.Comparison.RepresentationRules.IsUnusableHash(hash));
}
