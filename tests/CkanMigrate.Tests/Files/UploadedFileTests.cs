using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Files;

/// <summary>Issue #11: uploaded files move with their datasets.</summary>
public sealed class UploadedFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Files => _dir.File("files");

    private static Dictionary<string, string?> Key(FakeCkanServer ckan) => new() { ["CKAN_API_KEY"] = ckan.SysadminToken };

    private Task<CliResult> Dump(FakeCkanServer source, params string[] more) =>
        CliProcess.RunAsync(["dump", "datasets", "--all", "-r", source.BaseUrl.ToString(), "-O", _dir.File("datasets.jsonl"), "--files", Files,
            "-q", "--retries", "1", "--retry-delay", "0.01", .. more], Key(source));

    private Task<CliResult> Load(FakeCkanServer target, params string[] more) =>
        CliProcess.RunAsync(["load", "datasets", "-I", _dir.File("datasets.jsonl"), "-r", target.BaseUrl.ToString(), "--files", Files,
            "-q", "--retries", "1", "--retry-delay", "0.01", .. more], Key(target));

    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>A private dataset with an uploaded resource (and its file) and a link resource.</summary>
    private static (string Upload, string Link, byte[] Data) SeedPortal(FakeCkanServer source, int size = 300_000)
    {
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        var upload = Seed.DeterministicId("resource", "upload");
        var link = Seed.DeterministicId("resource", "link");
        source.Store.SeedDataset(new JsonObject
        {
            ["id"] = Seed.DeterministicId("dataset", "files"), ["name"] = "files", ["title"] = "Files", ["owner_org"] = org, ["private"] = true,
            ["resources"] = new JsonArray(
                new JsonObject { ["id"] = upload, ["name"] = "Uploaded", ["url"] = "data.csv", ["url_type"] = "upload", ["format"] = "CSV", ["mimetype"] = "text/csv", ["last_modified"] = "2024-03-04T05:06:07" },
                new JsonObject { ["id"] = link, ["name"] = "Linked", ["url"] = "https://elsewhere.example.org/x.csv", ["format"] = "CSV" }),
        });
        var data = Bytes(size, 7);
        source.Store.SeedResourceFile(upload, data);
        return (upload, link, data);
    }

    private static void SeedTargetOrg(FakeCkanServer target) => Seed.Organization(target, "pub");

    [Fact]
    public async Task A_private_datasets_file_arrives_intact_links_are_never_fetched_and_a_second_run_moves_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (upload, link, data) = SeedPortal(source);
        SeedTargetOrg(target);

        var dump = await Dump(source);
        var load = await Load(target);

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(1, source.Calls["download"]); // the upload only: the link is someone else's
        Assert.Equal(data, target.Store.GetResourceFile(upload));
        var stored = target.Store.GetDataset("files")!["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(r => r["id"]!.ToString());
        Assert.Equal("upload", stored[upload]["url_type"]!.ToString());
        Assert.Equal("2024-03-04T05:06:07", stored[upload]["last_modified"]!.ToString()); // the source's, not the upload time
        Assert.Equal("https://elsewhere.example.org/x.csv", stored[link]["url"]!.ToString());
        Assert.Null(target.Store.GetResourceFile(link));
        var entry = JsonNode.Parse(File.ReadAllLines(Path.Combine(Files, "manifest.jsonl")).Single())!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), entry["sha256"]!.ToString());

        target.Calls.Reset();
        var dumpAgain = await Dump(source);
        var loadAgain = await Load(target);

        Assert.Equal(1, source.Calls["download"]); // the file in the folder was whole: not fetched again
        Assert.Contains("1 already there", dumpAgain.Stderr);
        Assert.Contains("1 lines: 0 created, 0 updated, 1 unchanged", loadAgain.Stderr);
        Assert.Equal(0, target.Calls["resource_patch"] + target.Calls["package_update"]);
    }

    [Fact]
    public async Task A_download_that_breaks_off_is_detected_and_fetched_again()
    {
        await using var source = await FakeCkanServer.StartAsync();
        var (upload, _, data) = SeedPortal(source);
        source.Faults.CutNextDownloads(1);

        var dump = await Dump(source);

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(2, source.Calls["download"]);
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(Files, upload)));
        Assert.Empty(Directory.GetFiles(Files, "*.part"));
    }

    [Fact]
    public async Task A_dump_run_again_fetches_only_the_files_missing_or_damaged_in_the_folder()
    {
        await using var source = await FakeCkanServer.StartAsync();
        var (upload, _, data) = SeedPortal(source);
        Assert.Equal(0, (await Dump(source)).ExitCode);
        File.WriteAllBytes(Path.Combine(Files, upload), data[..1000]); // damaged, as by a crash or a disk fault

        var again = await Dump(source);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(2, source.Calls["download"]);
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(Files, upload)));
    }

    [Fact]
    public async Task A_download_redirected_to_another_host_does_not_carry_the_key()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var storage = await FakeCkanServer.StartAsync();
        SeedPortal(source);
        source.RedirectDownloadsTo = storage.BaseUrl;

        var dump = await Dump(source);

        Assert.Equal(1, storage.Calls["download"]); // the redirect was followed...
        Assert.False(storage.LastHeaders.ContainsKey("Authorization")); // ...without the key
        Assert.False(storage.LastHeaders.ContainsKey("X-CKAN-API-Key"));
        Assert.Equal(3, dump.ExitCode); // the storage host does not have it: a failed file, with its reason
        Assert.Contains("rejected: ", dump.Stderr);
    }

    [Fact]
    public async Task A_file_missing_from_the_folder_or_too_large_for_the_target_gives_the_record_its_reason()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var small = await FakeCkanServer.StartAsync(new FakeCkanOptions { MaxResourceSize = 100_000 });
        await using var other = await FakeCkanServer.StartAsync();
        var (upload, _, _) = SeedPortal(source);
        SeedTargetOrg(small);
        SeedTargetOrg(other);
        Assert.Equal(0, (await Dump(source)).ExitCode);

        var tooLarge = await Load(small);
        File.Delete(Path.Combine(Files, upload));
        var missing = await Load(other);

        Assert.Equal(3, tooLarge.ExitCode);
        Assert.Contains("File upload too large", tooLarge.Stderr);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("is missing or is not the file the manifest describes", missing.Stderr);
        Assert.Null(other.Store.GetResourceFile(upload));
    }

    [Fact]
    public async Task Run_moves_the_files_by_default_and_a_second_run_moves_none()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (upload, _, data) = SeedPortal(source);
        string[] args = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--retry-delay", "0.01"];
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

        var first = await CliProcess.RunAsync(args, env);
        target.Calls.Reset();
        var second = await CliProcess.RunAsync(args, env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("1 files fetched", first.Stdout);
        Assert.Contains("files: 1 sent", first.Stdout);
        Assert.Equal(data, target.Store.GetResourceFile(upload));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(1, source.Calls["download"]);
        Assert.Equal(0, target.Calls["resource_patch"]);
        Assert.Contains("1 files already there", second.Stdout);
    }

    [Fact]
    public async Task An_incremental_run_after_one_with_no_files_moves_the_files_of_datasets_that_did_not_change()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (upload, _, data) = SeedPortal(source);
        string[] args = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q", "--retry-delay", "0.01", "--since", "auto"];
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

        var metadataOnly = await CliProcess.RunAsync([.. args, "--no-files"], env);
        Assert.True(metadataOnly.ExitCode == 0, metadataOnly.ToString());
        Assert.Null(target.Store.GetResourceFile(upload));

        var withFiles = await CliProcess.RunAsync(args, env); // nothing changed at the source since the last run

        Assert.True(withFiles.ExitCode == 0, withFiles.ToString());
        Assert.Contains("the last run did not move files: every record was read again", withFiles.Stdout);
        Assert.Equal(data, target.Store.GetResourceFile(upload));
        var third = await CliProcess.RunAsync(args, env); // the same scope as the last: only what changed again
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.DoesNotContain("the last run did not move", third.Stdout);
    }

    [Fact]
    public async Task Verify_with_files_compares_the_checksums_of_both_sides()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var (upload, _, data) = SeedPortal(source);
        var env = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] sites = ["--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "-q", "--retry-delay", "0.01"];
        Assert.Equal(0, (await CliProcess.RunAsync(["run", .. sites, "--work", _dir.File("work")], env)).ExitCode);

        var same = await CliProcess.RunAsync(["verify", .. sites, "--work", _dir.File("verify"), "--files"], env);
        var flipped = data.ToArray();
        flipped[^1] ^= 0xff; // one byte changed on the target, size the same
        target.Store.SeedResourceFile(upload, flipped);
        var metadataOnly = await CliProcess.RunAsync(["verify", .. sites, "--work", _dir.File("verify")], env);
        var differs = await CliProcess.RunAsync(["verify", .. sites, "--work", _dir.File("verify"), "--files"], env);

        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("1 uploaded files the same on both sides", same.Stdout);
        Assert.True(metadataOnly.ExitCode == 0, metadataOnly.ToString()); // the upload URLs name different hosts, yet the records agree
        Assert.Equal(3, differs.ExitCode);
        Assert.Contains($"resources[{upload}].file", differs.Stdout);
    }

    [Fact]
    public async Task An_organizations_uploaded_image_moves_and_a_second_load_sends_nothing()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        Seed.Organization(source, "pub");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Bytes(5000, 3)];
        source.Store.SeedGroupImage("pub", "2019-05-06-070809.123456logo.png", png);
        var orgs = _dir.File("orgs.jsonl");
        string[] load = ["load", "organizations", "-I", orgs, "-r", target.BaseUrl.ToString(), "--files", Files, "-q"];

        var dump = await CliProcess.RunAsync(["dump", "organizations", "--all", "-r", source.BaseUrl.ToString(), "-O", orgs, "--files", Files, "-q"], Key(source));
        var first = await CliProcess.RunAsync(load, Key(target));
        target.Calls.Reset();
        var second = await CliProcess.RunAsync(load, Key(target));

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(png, target.Store.GetGroupImage("pub"));
        var stored = target.Store.GetGroup("pub")!["image_url"]!.ToString();
        Assert.EndsWith("logo.png", stored);
        Assert.NotEqual("2019-05-06-070809.123456logo.png", stored); // the target's own upload name
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("1 unchanged", second.Stderr);
        Assert.Equal(0, target.Calls["organization_patch"]);
    }

    [Fact]
    public async Task A_file_larger_than_the_tools_memory_use_streams_through_dump_and_load()
    {
        const int size = 300 * 1024 * 1024; // more than the CLI's whole working set
        await using var source = await FakeCkanServer.StartAsync(new FakeCkanOptions { MaxResourceSize = long.MaxValue });
        await using var target = await FakeCkanServer.StartAsync(new FakeCkanOptions { MaxResourceSize = long.MaxValue });
        var (upload, _, data) = SeedPortal(source, size);
        SeedTargetOrg(target);

        var dump = await Dump(source);
        var load = await Load(target);

        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(size, new FileInfo(Path.Combine(Files, upload)).Length);
        Assert.True(data.AsSpan().SequenceEqual(target.Store.GetResourceFile(upload)));
        // Held whole, the file alone would take 300 MB; streamed, the CLI stays at its usual size.
        if (dump.PeakRssBytes is { } dumpPeak) Assert.True(dumpPeak < size / 2, $"dump peak RSS {dumpPeak / 1048576} MB");
        if (load.PeakRssBytes is { } loadPeak) Assert.True(loadPeak < size / 2, $"load peak RSS {loadPeak / 1048576} MB");
        Assert.NotNull(dump.PeakRssBytes);
    }
}
