using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, dataset collaborators: each dataset's collaborators arrive exactly (capacities
/// included, one the source no longer has removed); where the target does not allow them, or not
/// as admins, each is rejected with that reason rather than dropped.
/// </summary>
public sealed class CollaboratorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Cli(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync([.. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "1", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    /// <summary>Two datasets on both sites, users on both, collaborators at the source; the dump of them.</summary>
    private async Task<string> DumpedAsync(FakeCkanServer source, FakeCkanServer target, string adminCapacity = "editor")
    {
        foreach (var site in new[] { source, target })
        {
            foreach (var user in new[] { "ann", "bob", "cat" }) Seed.User(site, user);
            var org = Seed.Organization(site, "pub")["id"]!.ToString();
            PortalSample.Dataset(site, "maps", org);
            PortalSample.Dataset(site, "roads", org);
        }
        source.Store.Portal.SeedCollaborator("maps", "ann", "editor");
        source.Store.Portal.SeedCollaborator("maps", "bob", adminCapacity);
        source.Store.Portal.SeedCollaborator("roads", "cat", "member");
        var file = _dir.File("collaborators.jsonl");
        var dump = await Cli(source, "dump", "collaborators", "--all", "-O", file);
        Assert.True(dump.ExitCode == 0, dump.ToString());
        return file;
    }

    private static Dictionary<string, string> Held(FakeCkanServer ckan, string dataset) =>
        ckan.Store.Portal.DatasetCollaborators(dataset).ToDictionary(c => ckan.Store.GetUser(c["user_id"]!.ToString())!["name"]!.ToString(), c => c["capacity"]!.ToString());

    [Fact]
    public async Task Collaborators_arrive_with_their_capacities_one_gone_at_the_source_goes_and_a_second_load_writes_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var file = await DumpedAsync(source, target);
        target.Store.Portal.SeedCollaborator("maps", "cat", "editor"); // not a collaborator at the source
        target.Store.Portal.SeedCollaborator("maps", "ann", "member"); // another capacity there

        var load = await Cli(target, "load", "collaborators", "-I", file);
        target.Calls.Reset();
        var again = await Cli(target, "load", "collaborators", "-I", file);

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(new Dictionary<string, string> { ["ann"] = "editor", ["bob"] = "editor" }, Held(target, "maps"));
        Assert.Equal(new Dictionary<string, string> { ["cat"] = "member" }, Held(target, "roads"));
        Assert.Contains("2 unchanged", again.Stderr);
        Assert.Equal(0, target.Calls["package_collaborator_create"] + target.Calls["package_collaborator_delete"]);
    }

    [Fact]
    public async Task A_target_that_does_not_allow_collaborators_rejects_each_with_that_reason()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { AllowDatasetCollaborators = false });
        var file = await DumpedAsync(source, target);
        var rejects = _dir.File("rejects.jsonl");

        var load = await Cli(target, "load", "collaborators", "-I", file, "--rejects", rejects);

        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Contains("2 rejected", load.Stderr);
        Assert.Contains("ckan.auth.allow_dataset_collaborators is off", load.Stderr);
        Assert.Equal(2, File.ReadAllLines(rejects).Length);
    }

    [Fact]
    public async Task An_admin_collaborator_where_the_target_allows_none_is_rejected_naming_the_user_and_the_others_arrive()
    {
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { AllowAdminCollaborators = true });
        await using var target = await FakeCkanServer.StartAsync();
        var file = await DumpedAsync(source, target, adminCapacity: "admin");

        var plan = await Cli(target, "load", "collaborators", "-I", file, "--dry-run");
        var load = await Cli(target, "load", "collaborators", "-I", file);

        Assert.True(plan.ExitCode == 3, plan.ToString());
        Assert.Contains("the target does not allow admin collaborators (ckan.auth.allow_admin_collaborators is off) (bob)", plan.Stderr);
        Assert.True(load.ExitCode == 3, load.ToString());
        Assert.Contains("bob (admin): the target does not allow admin collaborators", load.Stderr);
        Assert.Equal(new Dictionary<string, string> { ["ann"] = "editor" }, Held(target, "maps"));
        Assert.Equal(new Dictionary<string, string> { ["cat"] = "member" }, Held(target, "roads"));
    }
}
