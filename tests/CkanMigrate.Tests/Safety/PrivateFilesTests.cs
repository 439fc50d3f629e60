using System.Text.Json.Nodes;
using CkanMigrate.Tests.DataStore;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Safety;

/// <summary>
/// Issue #22 §5: what a sysadmin's key reads — private and draft datasets, their uploaded files and
/// DataStore rows, e-mail addresses — stays private on disk: folders 0700, files 0600.
/// </summary>
public sealed class PrivateFilesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A private dataset with an uploaded file and a DataStore table, and a user with an e-mail address.</summary>
    private static async Task<FakeCkanServer> PrivatePortalAsync()
    {
        var source = await FakeCkanServer.StartAsync();
        Seed.User(source, "someone");
        var org = Seed.Organization(source, "pub", ("someone", "editor"))["id"]!.ToString();
        var upload = Seed.DeterministicId("resource", "secret-upload");
        var table = Seed.DeterministicId("resource", "secret-table");
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "secret"), ["name"] = "secret", ["owner_org"] = org, ["private"] = true,
            ["resources"] = new JsonArray(
                new JsonObject { ["id"] = upload, ["url"] = "data.csv", ["url_type"] = "upload", ["format"] = "CSV" },
                new JsonObject { ["id"] = table, ["url"] = "https://example.org/t.csv", ["format"] = "CSV" }),
        });
        source.Store.SeedResourceFile(upload, "a,b\n1,2\n"u8.ToArray());
        await DataStoreFixture.TypedTableAsync(source, table, 20);
        return source;
    }

    /// <summary>Every folder and file under <paramref name="root"/> whose mode lets anyone but the owner in.</summary>
    private static List<string> Loose(string root) =>
        Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Where(d => File.GetUnixFileMode(d) != FolderMode)
            .Concat(Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => File.GetUnixFileMode(f) != FileMode))
            .Select(p => $"{Path.GetRelativePath(root, p)} {File.GetUnixFileMode(p)}").ToList();

    [Fact]
    public async Task After_a_run_the_work_folder_and_everything_in_it_is_owner_only()
    {
        await using var source = await PrivatePortalAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.Organization(target, "pub");
        var work = _dir.File("work");

        var run = await CliProcess.RunAsync(["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", work, "-q"],
            DataStoreFixture.Keys(source, target));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(Path.Combine(work, "1-dump", "files", Seed.DeterministicId("resource", "secret-upload"))));
        Assert.True(Directory.GetFiles(Path.Combine(work, "1-dump", "datastore")).Length > 0);
        Assert.Equal(FolderMode, File.GetUnixFileMode(work));
        Assert.Empty(Loose(work));
    }

    [Fact]
    public async Task Dumps_with_a_key_write_their_records_files_and_tables_owner_only()
    {
        await using var source = await PrivatePortalAsync();
        var output = Directory.CreateDirectory(_dir.File("out")).FullName;
        var key = new Dictionary<string, string?> { ["CKAN_API_KEY"] = source.SysadminToken };

        var datasets = await CliProcess.RunAsync(["dump", "datasets", "--all", "-r", source.BaseUrl.ToString(), "-O", Path.Combine(output, "datasets.jsonl"),
            "--files", Path.Combine(output, "files"), "-q"], key);
        var tables = await CliProcess.RunAsync(["dump", "datastore", "-I", Path.Combine(output, "datasets.jsonl"), "-r", source.BaseUrl.ToString(),
            "-O", Path.Combine(output, "tables"), "-q"], key);

        Assert.True(datasets.ExitCode == 0, datasets.ToString());
        Assert.True(tables.ExitCode == 0, tables.ToString());
        Assert.Equal(FileMode, File.GetUnixFileMode(Path.Combine(output, "datasets.jsonl")));
        Assert.Empty(Loose(Path.Combine(output, "files")));
        Assert.Empty(Loose(Path.Combine(output, "tables")));
        Assert.Equal(FolderMode, File.GetUnixFileMode(Path.Combine(output, "files")));
    }
}
