using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// Issue #24, activity streams: activity_create ignores the id and time it is given (recorded), so
/// the streams are dumped as a read-only archive (every activity once, with the stream it came
/// from) and never loaded; a run says the target's history starts at the migration.
/// </summary>
public sealed class ActivityTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Dump_activity_writes_every_activity_of_every_stream_once_past_a_page()
    {
        await using var source = await FakeCkanServer.StartAsync();
        Seed.User(source, "ann");
        var org = Seed.Organization(source, "pub", ("ann", "admin"))["id"]!.ToString();
        var maps = Seed.Dataset(source, "maps", org)["id"]!.ToString();
        var group = source.Store.SeedGroup(new JsonObject { ["name"] = "transport", ["title"] = "Transport" }, organization: false)["id"]!.ToString();
        var ann = source.Store.GetUser("ann")!["id"]!.ToString();
        for (var i = 0; i < 130; i++) // more than one page of 100
            source.Store.Portal.SeedActivity(new JsonObject
            {
                ["user_id"] = ann, ["object_id"] = maps, ["activity_type"] = "changed package", ["timestamp"] = $"2024-01-01T00:{i / 60:D2}:{i % 60:D2}.000000",
            });
        source.Store.Portal.SeedActivity(new JsonObject { ["user_id"] = ann, ["object_id"] = org, ["activity_type"] = "changed organization" });
        source.Store.Portal.SeedActivity(new JsonObject { ["user_id"] = ann, ["object_id"] = group, ["activity_type"] = "new group" });
        source.Store.Portal.SeedActivity(new JsonObject { ["user_id"] = ann, ["object_id"] = ann, ["activity_type"] = "changed user" });
        var output = _dir.File("activity.jsonl");

        var dump = await CliProcess.RunAsync("dump", "activity", "--all", "-r", source.BaseUrl.AbsoluteUri, "-a", source.SysadminToken, "-O", output, "-q");

        Assert.True(dump.ExitCode == 0, dump.ToString());
        var archive = JsonLinesFile.Read(output);
        var stored = source.Store.Portal.ActivityRows();
        Assert.Equal(stored.Select(a => a["id"]!.ToString()).Order(), archive.Select(a => a["id"]!.ToString()).Order()); // each once: the organization's and the user's streams repeat the dataset's
        Assert.Equal(130, archive.Count(a => a["stream"]!.ToString() == "package"));
        Assert.Equal(["group", "organization", "package", "user"], archive.Select(a => a["stream"]!.ToString()).Distinct().Order());
        var first = archive.First(a => a["stream"]!.ToString() == "package");
        Assert.Equal(stored.Single(a => a["id"]!.ToString() == first["id"]!.ToString())["timestamp"]!.ToString(), first["timestamp"]!.ToString()); // the source's own time
    }

    [Fact]
    public async Task Load_activity_is_refused_with_the_reason_before_anything_is_written()
    {
        await using var target = await FakeCkanServer.StartAsync();
        var input = JsonLinesFile.Write(_dir.File("activity.jsonl"),
            [new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["activity_type"] = "new package", ["timestamp"] = "2020-01-01T00:00:00", ["object_id"] = "x", ["user_id"] = "y" }]);

        var load = await CliProcess.RunAsync("load", "activity", "-I", input, "-r", target.BaseUrl.AbsoluteUri, "-a", target.SysadminToken, "-q");

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("load activity is refused: activity streams cannot be loaded: CKAN's activity_create ignores the id and time it is given", load.Stderr);
        Assert.Equal(0, target.Calls.Total);
    }
}
