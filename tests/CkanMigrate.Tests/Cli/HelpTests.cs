using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2, help: the top-level list of commands says what each takes (it said
/// `dump &lt;kind&gt; &lt;id-or-name&gt;`, where dump takes any number of ids or none); run and verify
/// take ckanapi's --processes and read keys from owner-only files as dump and load do; verify's
/// --public-only speaks of comparing, not migrating.
/// </summary>
public sealed class HelpTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<string> HelpOf(params string[] command)
    {
        var help = await CliProcess.RunAsync([.. command, "--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        return help.Stdout;
    }

    private static string OptionLine(string help, string option) =>
        help.Split('\n').Single(l => l.TrimStart().StartsWith(option, StringComparison.Ordinal) || l.Contains($", {option}", StringComparison.Ordinal));

    [Theory]
    [InlineData("dump")]
    [InlineData("load")]
    [InlineData("filter")]
    [InlineData("run")]
    [InlineData("verify")]
    public async Task The_top_level_list_names_each_command_as_its_own_usage_line_does(string verb)
    {
        var root = await HelpOf();
        var usage = (await HelpOf(verb)).Split('\n').SkipWhile(l => !l.StartsWith("Usage:", StringComparison.Ordinal)).Skip(1).First().Trim();

        var label = usage["ckan-migrate ".Length..^" [options]".Length];
        Assert.Contains(root.Split('\n'), l => l.StartsWith($"  {label}  ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dump_is_listed_with_its_ids_optional_and_many_and_convert_with_its_kind()
    {
        var root = await HelpOf();

        Assert.Contains("  dump <kind> [<id-or-name>...]  ", root);
        Assert.Contains("  convert <kind>  ", root);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("verify")]
    public async Task Run_and_verify_take_processes_as_dump_and_load_do(string verb)
    {
        Assert.StartsWith("  -p, --parallel, --processes <", OptionLine(await HelpOf(verb), "--processes"));
        Assert.StartsWith("  -p, --parallel, --processes <", OptionLine(await HelpOf("dump"), "--processes"));
    }

    [Fact]
    public async Task Verifys_public_only_speaks_of_what_is_compared()
    {
        var line = OptionLine(await HelpOf("verify"), "--public-only");

        Assert.DoesNotContain("migrated", line);
        Assert.Contains("not compared", line);
    }

    private string KeyFile(string name, string key, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, key + "\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public async Task Run_and_verify_read_each_sites_key_from_an_owner_only_file()
    {
        await using var source = await FakeCkanServer.StartAsync();
        await using var target = await FakeCkanServer.StartAsync();
        var organization = Seed.Organization(source, "org");
        Seed.Dataset(source, "hidden", organization["id"]!.ToString(), isPrivate: true); // read and written only with the sysadmins' keys
        string[] sites = ["--from", source.BaseUrl.AbsoluteUri, "--to", target.BaseUrl.AbsoluteUri, "--work", _dir.File("work"), "-q",
            "--from-key-file", KeyFile("source.key", source.SysadminToken), "--to-key-file", KeyFile("target.key", target.SysadminToken)];

        var run = await CliProcess.RunAsync(["run", .. sites]); // no key in the environment or on the command line
        var verify = await CliProcess.RunAsync(["verify", .. sites]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(target.Store.GetDataset("hidden")?["private"]?.GetValue<bool>() == true, run.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Theory]
    [InlineData("run", "--from-key-file")]
    [InlineData("verify", "--to-key-file")]
    public async Task A_key_file_others_can_read_is_refused_before_any_call(string verb, string option)
    {
        await using var site = await FakeCkanServer.StartAsync();
        var loose = KeyFile("loose.key", site.SysadminToken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = await CliProcess.RunAsync(verb, "--from", site.BaseUrl.AbsoluteUri, "--to", site.BaseUrl.AbsoluteUri, "--work", _dir.File("work"), option, loose);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Equal($"ckan-migrate: error: {option} {loose}: readable by group or others; run chmod 600 {loose}", refused.Stderr.TrimEnd());
        Assert.Equal(0, site.Calls.Total);
    }
}
