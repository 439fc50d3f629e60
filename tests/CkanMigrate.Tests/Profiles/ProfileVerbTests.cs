using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Profiles;

/// <summary>Issue #26: profile files in convert (with --check and --preview), run and verify, end to end.</summary>
public sealed class ProfileVerbTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Example(string name) => Path.Combine(SharedFiles.RepoRoot, "profiles", name);

    private string Licences(string ogl = "OGL-UK-3.0")
    {
        var path = _dir.File("licences.yaml");
        File.WriteAllText(path, $"name: licences\ndatasets:\n  root: Dataset\n  types:\n    Dataset:\n      fields:\n        license_id:\n          validators:\n            - - tsm_mapper\n              - uk-ogl: {ogl}\n");
        return path;
    }

    [Fact]
    public async Task Convert_datasets_with_a_profile_file_applies_it()
    {
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"),
            [new JsonObject { ["name"] = "a", ["license_id"] = "uk-ogl", ["resources"] = new JsonArray() }, new JsonObject { ["name"] = "b", ["license_id"] = "cc-by", ["resources"] = new JsonArray() }]);

        var convert = await CliProcess.RunAsync("convert", "datasets", "--profile", Example("licence-mapping.yaml"), "-I", input, "-O", _dir.File("out.jsonl"), "-q");

        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.Equal(["OGL-UK-3.0", "CC-BY-4.0"], JsonLinesFile.Read(_dir.File("out.jsonl")).Select(r => r["license_id"]!.ToString()));
    }

    [Fact]
    public async Task Check_reports_every_problem_with_file_and_line_and_a_good_profile_passes()
    {
        var bad = _dir.File("bad.yaml");
        File.WriteAllText(bad, "datasets:\n  root: Dataset\n  types:\n    Dataset:\n      fields:\n        title:\n          validators: [tsm_no_such_thing]\n        name:\n          mapp: other\n");

        var refused = await CliProcess.RunAsync("convert", "datasets", "--profile", bad, "--check");
        var passed = await CliProcess.RunAsync("convert", "datasets", "--profile", Example("licence-mapping.yaml"), "--check");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("bad.yaml:7", refused.Stderr);
        Assert.Contains("tsm_no_such_thing", refused.Stderr);
        Assert.Contains("bad.yaml:9", refused.Stderr);
        Assert.Contains("mapp", refused.Stderr);
        Assert.True(passed.ExitCode == 0, passed.ToString());
        Assert.Contains("no problems", passed.Stderr);
    }

    [Fact]
    public async Task Preview_shows_records_before_and_after_and_writes_nothing()
    {
        var input = JsonLinesFile.Write(_dir.File("in.jsonl"), [new JsonObject { ["name"] = "a", ["license_id"] = "uk-ogl" }, new JsonObject { ["name"] = "b", ["license_id"] = "x" }]);

        var preview = await CliProcess.RunAsync("convert", "datasets", "--profile", Example("licence-mapping.yaml"), "-I", input, "--preview", "1");

        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Contains("before: {", preview.Stdout);
        Assert.Contains("\"OGL-UK-3.0\"", preview.Stdout);
        Assert.DoesNotContain("\"b\"", preview.Stdout);
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task The_dgu_profile_has_no_convert_organizations_and_says_where_it_is()
    {
        var convert = await CliProcess.RunAsync("convert", "organizations", "--profile", "dgu", "-I", "x", "-O", "y");

        Assert.Equal(2, convert.ExitCode);
        Assert.Contains("convert users", convert.Stderr);
    }

    [Fact]
    public async Task A_run_with_a_profile_file_converts_verify_reads_through_it_and_a_changed_profile_converts_everything_again()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var org = Seed.Organization(source, "pub")["id"]!.ToString();
        foreach (var name in new[] { "ds-a", "ds-b" }) Seed.Dataset(source, name, org); // both uk-ogl
        var profile = Licences();
        var keys = new Dictionary<string, string?> { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };
        string[] run = ["run", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "--profile", profile, "--since", "auto", "-q"];

        var first = await CliProcess.RunAsync(run, keys);
        var verify = await CliProcess.RunAsync(["verify", "--from", source.BaseUrl.ToString(), "--to", target.BaseUrl.ToString(), "--work", _dir.File("work"), "-q"], keys);
        Licences("OGL-UK-2.0"); // the operator edits the profile
        var second = await CliProcess.RunAsync(run, keys);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("| convert | datasets | 2 converted", first.Stdout);
        Assert.True(verify.ExitCode == 0, verify.ToString()); // the run's profile, from the work folder
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("the profile file changed since the last run", second.Stdout);
        Assert.Contains("| load | datasets | 0 created, 2 updated", second.Stdout);
        Assert.Equal("OGL-UK-2.0", target.Store.GetDataset("ds-a")!["license_id"]!.ToString());
    }
}
