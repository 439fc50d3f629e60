using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// A file of another kind given to a portal kind's load is refused before anything is written, as
/// for the core kinds: a datasets dump loaded as vocabularies would make a vocabulary of each
/// dataset, a views dump loaded as collaborators would remove every collaborator of its datasets.
/// </summary>
public sealed class WrongFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<CliResult> Cli(FakeCkanServer ckan, params string[] args) =>
        CliProcess.RunAsync([.. args, "-r", ckan.BaseUrl.ToString(), "-q", "--retries", "1", "--retry-delay", "0.01"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken });

    [Theory]
    [InlineData("datasets", "vocabularies")]
    [InlineData("views", "collaborators")]
    [InlineData("datasets", "views")]
    public async Task A_file_of_another_kind_is_refused_before_any_write(string holds, string givenAs)
    {
        await using var site = await FakeCkanServer.StartAsync();
        Seed.User(site, "ann");
        var org = Seed.Organization(site, "pub")["id"]!.ToString();
        PortalSample.Dataset(site, "maps", org);
        PortalSample.Views(site, "maps");
        site.Store.Portal.SeedCollaborator("maps", "ann", "editor");
        var file = _dir.File($"{holds}.jsonl");
        Assert.Equal(0, (await Cli(site, "dump", holds, "--all", "-O", file)).ExitCode);
        site.Calls.Reset();

        var load = await Cli(site, "load", givenAs, "-I", file);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains($"{holds}.jsonl line 1 is not", load.Stderr);
        Assert.Equal(0, site.Calls.Snapshot().Where(c => c.Key.EndsWith("_create") || c.Key.EndsWith("_update") || c.Key.EndsWith("_delete")).Sum(c => c.Value));
        Assert.Single(site.Store.Portal.DatasetCollaborators("maps"));
    }
}
