using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Safety;

/// <summary>
/// Issue #22 §2: with a folder as the source no site was asked, so a dataset missing from it is
/// "absent from the source folder", never "confirmed gone" — and it is deleted only when the folder
/// holds a complete dump, as dump and run record it.
/// </summary>
public sealed class FolderSourceDeleteTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Folder => _dir.File("portal");

    private Task<CliResult> Run(FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["run", "--from", Folder, "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--since", "auto", .. more],
            new Dictionary<string, string?> { ["CKAN_TARGET_API_KEY"] = target.SysadminToken });

    private Task<CliResult> Dump(FakeCkanServer source, string kind) =>
        CliProcess.RunAsync(["dump", kind, "--all", "-r", source.BaseUrl.ToString(), "-O", Path.Combine(Folder, $"{kind}.jsonl"), "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken });

    private static JsonObject Dataset(string name) =>
        new() { ["id"] = Seed.DeterministicId("dataset", name), ["name"] = name, ["title"] = name, ["owner_org"] = Seed.DeterministicId("org", "pub") };

    private void WriteFolder(params string[] datasets)
    {
        Directory.CreateDirectory(Folder);
        JsonLinesFile.Write(Path.Combine(Folder, "organizations.jsonl"), [new JsonObject { ["id"] = Seed.DeterministicId("org", "pub"), ["name"] = "pub", ["title"] = "Pub" }]);
        JsonLinesFile.Write(Path.Combine(Folder, "datasets.jsonl"), datasets.Select(Dataset));
    }

    [Fact]
    public async Task A_dataset_missing_from_a_folder_that_records_no_complete_dump_is_never_deleted_nor_called_gone()
    {
        await using var target = await FakeCkanServer.StartAsync();
        WriteFolder("ds-a", "ds-b", "ds-c");
        Assert.Equal(0, (await Run(target)).ExitCode);
        WriteFolder("ds-a", "ds-c"); // a hand-made (or another tool's) file: it proves nothing

        var run = await Run(target, "--propagate-deletes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("active", target.Store.GetDataset("ds-b")!["state"]!.ToString());
        Assert.Contains("Absent from the source folder, never deleted (1)", run.Stdout);
        Assert.Contains("records no complete dump of datasets.jsonl", run.Stdout);
        Assert.DoesNotContain("onfirmed gone", run.Stdout);
    }

    [Fact]
    public async Task A_dataset_missing_from_a_complete_dump_is_deleted_as_absent_from_the_folder()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in new[] { "ds-a", "ds-b", "ds-c" }) Seed.Dataset(source, name, org);
        Assert.Equal(0, (await Dump(source, "organizations")).ExitCode);
        Assert.Equal(0, (await Dump(source, "datasets")).ExitCode);
        Assert.Equal(0, (await Run(target)).ExitCode);
        source.Store.DeleteDataset("ds-b");
        Assert.Equal(0, (await Dump(source, "datasets")).ExitCode);

        var run = await Run(target, "--propagate-deletes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("deleted", target.Store.GetDataset("ds-b")!["state"]!.ToString());
        Assert.Contains("Datasets absent from the source folder (1)", run.Stdout);
        Assert.DoesNotContain("onfirmed gone", run.Stdout);
    }

    [Fact]
    public async Task A_complete_dump_edited_afterwards_proves_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in new[] { "ds-a", "ds-b" }) Seed.Dataset(source, name, org);
        Assert.Equal(0, (await Dump(source, "organizations")).ExitCode);
        Assert.Equal(0, (await Dump(source, "datasets")).ExitCode);
        Assert.Equal(0, (await Run(target)).ExitCode);
        var file = Path.Combine(Folder, "datasets.jsonl");
        File.WriteAllLines(file, File.ReadLines(file).Where(l => !l.Contains("\"ds-b\"", StringComparison.Ordinal)).ToList());

        var run = await Run(target, "--propagate-deletes");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("active", target.Store.GetDataset("ds-b")!["state"]!.ToString());
        Assert.Contains("changed since ckan-migrate wrote it", run.Stdout);
    }

    [Fact]
    public async Task A_dump_of_named_records_is_recorded_as_not_complete()
    {
        await using var source = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        Seed.Dataset(source, "ds-a", org);
        Directory.CreateDirectory(Folder);

        var dump = await CliProcess.RunAsync(["dump", "datasets", "ds-a", "-r", source.BaseUrl.ToString(), "-O", Path.Combine(Folder, "datasets.jsonl"), "-q"],
            new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken });

        Assert.Equal(0, dump.ExitCode);
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "ckan-migrate-dumps.json")))!["datasets.jsonl"]!;
        Assert.False(record["complete"]!.GetValue<bool>());
    }
}
