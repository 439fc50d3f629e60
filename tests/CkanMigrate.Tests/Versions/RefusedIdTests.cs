using CkanMigrate.Entities;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Pipeline;
using CkanMigrate.Tests.DataStore;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Versions;

/// <summary>
/// Issue #25 §2: a 2.10 portal with legacy ids (2.10 keeps any id) into a 2.11 target (UUIDs only):
/// every record goes in under the id derived from the source site and its id, every reference
/// follows (a resource's dataset, an upload, a DataStore table, owner_org, a harvest source's
/// owner, members and parents), the pairs are in id-map.tsv and the load log, verify is clean, and a
/// second run — from this work folder or from a new one, as on another machine — writes nothing.
/// </summary>
public sealed class RefusedIdTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string UploadId = "legacy-resource-upload";
    private const string TableId = "legacy-resource-table";
    private static readonly byte[] Upload = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a,b\n1,2\n", 100)));

    private static async Task SeedAsync(FakeCkanServer source)
    {
        source.Store.SeedUser(new JsonObject { ["id"] = "legacy-user-carol", ["name"] = "carol", ["email"] = "carol@example.org", ["password_hash"] = "$pbkdf2-sha512$25000$carol$hash" });
        source.Store.SeedGroup(new JsonObject
        {
            ["id"] = "legacy-org-parent", ["name"] = "parent-org", ["title"] = "Parent",
            ["users"] = new JsonArray(new JsonObject { ["name"] = "carol", ["capacity"] = "admin" }),
        }, organization: true);
        source.Store.SeedGroup(new JsonObject { ["id"] = "legacy-org-child", ["name"] = "child-org", ["title"] = "Child" }, organization: true);
        source.Store.EditGroup("child-org", g => g["member_groups"] = new JsonArray("legacy-org-parent"));
        source.Store.SeedGroup(new JsonObject { ["id"] = "legacy-group-themes", ["name"] = "themes", ["title"] = "Themes" }, organization: false);
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = "legacy-dataset-0001", ["name"] = "legacy-data", ["title"] = "Legacy", ["owner_org"] = "legacy-org-child",
            ["groups"] = new JsonArray(new JsonObject { ["id"] = "legacy-group-themes", ["name"] = "themes" }),
            ["resources"] = new JsonArray(
                new JsonObject { ["id"] = "legacy-resource-link", ["url"] = "https://example.org/a.csv", ["format"] = "CSV" },
                new JsonObject { ["id"] = UploadId, ["url"] = "b.csv", ["url_type"] = "upload", ["format"] = "CSV", ["last_modified"] = "2024-03-04T05:06:07" },
                new JsonObject { ["id"] = TableId, ["url"] = "https://example.org/c.csv", ["format"] = "CSV" }),
        });
        source.Store.SeedResourceFile(UploadId, Upload);
        await DataStoreFixture.TypedTableAsync(source, TableId, 25);
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = "legacy-harvest-0001", ["name"] = "legacy-harvest", ["title"] = "Harvest", ["type"] = "harvest",
            ["url"] = "https://example.org/catalog", ["source_type"] = "ckan", ["frequency"] = "MANUAL", ["owner_org"] = "legacy-org-parent",
        });
    }

    private RunOptions Options(FakeCkanServer source, FakeCkanServer target, string work) => SiteRun.Options(source, target, _dir.File(work));

    [Fact]
    public async Task Legacy_ids_go_into_a_211_target_under_derived_ids_with_every_reference_and_a_second_run_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode());
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode());
        await SeedAsync(source);
        var site = source.BaseUrl.AbsoluteUri.TrimEnd('/'); // the site_url it reports
        // uuid5(NAMESPACE_URL, "{site_url}/{table}/{id}"), the rule README gives.
        string Derived(string table, string id) => Uuid5.OfUrl($"{site}/{table}/{id}");

        var first = await new MigrationRun(Options(source, target, "work")).RunAsync();

        Assert.True(first.Clean, File.ReadAllText(first.ReportPath));
        var dataset = target.Store.GetDataset(Derived("package", "legacy-dataset-0001"))!;
        Assert.Equal("legacy-data", dataset["name"]!.ToString());
        Assert.Equal(Derived("group", "legacy-org-child"), dataset["owner_org"]!.ToString());
        Assert.Equal([Derived("resource", "legacy-resource-link"), Derived("resource", UploadId), Derived("resource", TableId)],
            dataset["resources"]!.AsArray().Select(r => r!["id"]!.ToString()));
        Assert.Equal(Upload, target.Store.GetResourceFile(Derived("resource", UploadId)));
        Assert.Equal(25, target.Store.TableRows(Derived("resource", TableId))!.Count);
        Assert.Equal(Derived("group", "legacy-org-parent"), target.Store.GetDataset("legacy-harvest")!["owner_org"]!.ToString());
        Assert.Equal(Derived("user", "legacy-user-carol"), target.Store.GetUser("carol")!["id"]!.ToString());
        Assert.Equal([Derived("group", "legacy-org-parent")], target.Store.GetGroup("child-org")!["member_groups"]!.AsArray().Select(g => g!.ToString()));
        Assert.Equal(Derived("group", "legacy-group-themes"), target.Store.GetGroup("themes")!["id"]!.ToString());

        var map = File.ReadAllLines(_dir.File("work/id-map.tsv"));
        Assert.Contains($"package\tlegacy-dataset-0001\t{Derived("package", "legacy-dataset-0001")}", map);
        Assert.Contains($"resource\t{TableId}\t{Derived("resource", TableId)}", map);
        Assert.Contains($"group\tlegacy-org-child\t{Derived("group", "legacy-org-child")}", map);
        Assert.Contains($"user\tlegacy-user-carol\t{Derived("user", "legacy-user-carol")}", map);
        var logged = JsonLinesFile.Read(_dir.File("work/4-load/datasets.log")).Single(e => e["name"]?.ToString() == "legacy-data");
        Assert.Contains($"package legacy-dataset-0001 is {Derived("package", "legacy-dataset-0001")}", logged["note"]!.ToString());
        Assert.Contains("ids that are not UUIDs: refused", File.ReadAllText(first.ReportPath));

        var verified = await new Verifier(Options(source, target, "verify") with { Files = true, DataStore = true }).VerifyAsync();
        Assert.True(verified.All(k => k.Clean), Verifier.Markdown(Options(source, target, "verify"), verified));

        target.Calls.Reset();
        var second = await new MigrationRun(Options(source, target, "work")).RunAsync();
        Assert.True(second.Clean, File.ReadAllText(second.ReportPath));
        Assert.Empty(target.Calls.Writes());

        var elsewhere = await new MigrationRun(Options(source, target, "another-machine")).RunAsync();
        Assert.True(elsewhere.Clean, File.ReadAllText(elsewhere.ReportPath));
        Assert.Empty(target.Calls.Writes());

        // Gone at the source: its copy is found under the derived id, not by a name another dataset might have taken since.
        source.Store.DeleteDataset("legacy-data");
        var deleted = await new MigrationRun(Options(source, target, "work") with { PropagateDeletes = true }).RunAsync();
        Assert.True(deleted.Clean, File.ReadAllText(deleted.ReportPath));
        Assert.Equal("deleted", target.Store.GetDataset(Derived("package", "legacy-dataset-0001"))!["state"]!.ToString());
        Assert.Contains("matched by the id derived from the source's", File.ReadAllText(_dir.File("work/5-delete/datasets.log")));
    }
}
