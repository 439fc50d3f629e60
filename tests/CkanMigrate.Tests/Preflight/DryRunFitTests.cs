using CkanMigrate.Entities;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Pipeline;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Preflight;

/// <summary>
/// Issue #25 §3, §4: before any write, a run learns what the target is, and a dry run lists every
/// record that will not fit it, grouped by reason with counts — names the target refuses (learnt
/// from the target with creates that cannot succeed, not from its version), harvest source types it
/// has no harvester for. Names are never changed: a real run rejects them with CKAN's own reason.
/// </summary>
public sealed class DryRunFitTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A folder portal as a legacy site with the data.gov.uk plugin holds it: e-mail user names, a dataset name with capitals.</summary>
    private string Portal()
    {
        var folder = Directory.CreateDirectory(_dir.File("portal")).FullName;
        JsonLinesFile.Write(Path.Combine(folder, "users.jsonl"),
        [
            User("alice"), User("li@example.gov.uk"), User("jo@example.gov.uk"), User("Kim.Lee@example.gov.uk"),
        ]);
        JsonLinesFile.Write(Path.Combine(folder, "organizations.jsonl"), [new JsonObject { ["id"] = Seed.DeterministicId("org", "pub"), ["name"] = "pub", ["title"] = "Pub" }]);
        JsonLinesFile.Write(Path.Combine(folder, "datasets.jsonl"),
        [
            new JsonObject { ["id"] = Seed.DeterministicId("dataset", "fine"), ["name"] = "fine", ["owner_org"] = "pub" },
            new JsonObject { ["id"] = Seed.DeterministicId("dataset", "caps"), ["name"] = "Road Traffic", ["owner_org"] = "pub" },
        ]);
        JsonLinesFile.Write(Path.Combine(folder, "harvest-sources.jsonl"),
        [
            new JsonObject { ["name"] = "geo-source", ["title"] = "Geo", ["url"] = "https://example.org/csw", ["source_type"] = "csw", ["owner_org"] = "pub" },
            new JsonObject { ["name"] = "ckan-source", ["title"] = "CKAN", ["url"] = "https://example.org/", ["source_type"] = "ckan", ["owner_org"] = "pub" },
        ]);
        return folder;
    }

    private static JsonObject User(string name) => new()
    {
        ["id"] = Seed.DeterministicId("user", name), ["name"] = name, ["email"] = $"{name.Replace('@', '.')}@example.org",
        ["password_hash"] = "$pbkdf2-sha512$25000$abc$def",
    };

    /// <summary>The text is in the report (the report is the message when not).</summary>
    private static void In(string text, string report) => Assert.True(report.Contains(text, StringComparison.Ordinal), $"not in the report: {text}\n\n{report}");

    private RunOptions Options(string from, FakeCkanServer target, bool dryRun) => new()
    {
        From = new Endpoint(null, from, null),
        To = new Endpoint(target.BaseUrl, null, target.SysadminToken),
        WorkFolder = _dir.File("work"),
        DryRun = dryRun,
        Transport = new CkanClientOptions { BaseUrl = target.BaseUrl, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
    };

    [Fact]
    public async Task A_dry_run_lists_the_names_and_harvest_types_the_target_refuses_grouped_with_counts_and_writes_nothing()
    {
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode() with { HarvesterTypes = ["ckan"], AllowDatasetCollaborators = false, RowsMax = 3 });
        var org = Seed.Organization(target, "elsewhere")["id"]!.ToString();
        foreach (var name in new[] { "t1", "t2", "t3", "t4", "t5" }) Seed.Dataset(target, name, org);
        var portal = Portal();

        var plan = await new MigrationRun(Options(portal, target, dryRun: true)).RunAsync();

        var report = File.ReadAllText(plan.ReportPath);
        Assert.Empty(target.Calls.Writes());
        In("## Would not fit the target (5)", report);
        // Two e-mail names are one shape, asked about once; the one with capitals is another.
        In("users: 2 × user name with '.', '@' refused by the target (\"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_\"): rename it with a profile rule (e.g. ", report);
        In("users: 1 × user name with '.', '@', capital letters refused", report);
        In("datasets: 1 × dataset name with capital letters, spaces refused", report);
        In("harvest-sources: 1 × harvest source type 'csw' is not among the target's harvesters (ckan)", report);
        Assert.Equal(2, target.Calls["user_create"]);
        // What the target is, learnt before any write.
        In("- CKAN 2.11.5; plugins:", report);
        In("- harvest source types: ckan", report);
        In("- dataset collaborators: not enabled", report);
        In("- package_search rows cap (ckan.search.rows_max): 3", report);
        In("- DataStore: yes", report);
        In("- metadata_modified: the target's own", report);
        Assert.Matches(@"- user names with '\.', '@' \(asked with '(li|jo)@example\.gov\.uk'\): refused", report);

        // The real run changes no name: the target refuses them, with its own reason.
        var run = await new MigrationRun(Options(portal, target, dryRun: false)).RunAsync();
        Assert.Null(target.Store.GetUser("li@example.gov.uk"));
        Assert.NotNull(target.Store.GetUser("alice"));
        Assert.Null(target.Store.GetDataset(Seed.DeterministicId("dataset", "caps")));
        var rejected = JsonLinesFile.Read(_dir.File("work/4-load/users.log")).Single(e => e["name"]?.ToString() == "li@example.gov.uk");
        Assert.Equal("rejected", rejected["outcome"]!.ToString());
        Assert.Contains("Must be purely lowercase", rejected["error"]!.ToString());
        Assert.Equal(5, run.Problems);
    }

    [Fact]
    public async Task A_dry_run_lists_what_a_target_without_the_plugins_cannot_take_and_users_without_a_password()
    {
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.Ckan211Mode() with { DataStorePlugin = false, HarvestPlugin = false });
        var portal = Portal();
        JsonLinesFile.Write(Path.Combine(portal, "users.jsonl"), [User("alice"), new JsonObject { ["name"] = "nohash", ["email"] = "nohash@example.org" }]);
        JsonLinesFile.Write(Path.Combine(portal, "datasets.jsonl"),
        [
            new JsonObject
            {
                ["id"] = Seed.DeterministicId("dataset", "tabled"), ["name"] = "tabled", ["owner_org"] = "pub",
                ["resources"] = new JsonArray(new JsonObject { ["id"] = Seed.DeterministicId("resource", "tabled"), ["url"] = "https://example.org/t.csv", ["datastore_active"] = true }),
            },
        ]);

        var plan = await new MigrationRun(Options(portal, target, dryRun: true)).RunAsync();

        var report = File.ReadAllText(plan.ReportPath);
        Assert.Empty(target.Calls.Writes());
        In("## Would not fit the target (4)", report);
        In("users: 1 × a user without a password hash (the source showed none", report);
        In("harvest-sources: 2 × the target has no harvest plugin", report);
        In("datastore: 1 × the target has no datastore plugin", report);
        In("- DataStore: no (tables cannot be loaded)", report);
    }

    [Fact]
    public async Task A_target_that_takes_such_names_is_asked_too_and_nothing_is_listed()
    {
        // The same version, with the data.gov.uk plugin, which takes e-mail addresses as user names: the answer, not the version, decides.
        await using var target = await FakeCkanServer.StartAsync(FakeCkanOptions.ModernMode() with { DataGovUkPlugin = true });
        var portal = Portal();
        File.Delete(Path.Combine(portal, "datasets.jsonl"));
        File.Delete(Path.Combine(portal, "harvest-sources.jsonl"));

        var plan = await new MigrationRun(Options(portal, target, dryRun: true)).RunAsync();

        var report = File.ReadAllText(plan.ReportPath);
        Assert.Empty(target.Calls.Writes());
        Assert.DoesNotContain("fit the target", report);
        Assert.Matches(@"- user names with '\.', '@' \(asked with '(li|jo)@example\.gov\.uk'\): taken", report);
        In("| plan | users | 4 created", report);
    }
}
