using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: ckanapi's options this tool does not have are answered with what to use instead,
/// in one line, before anything is asked of a site; README's "From ckanapi" table names each, and
/// says where the shared letters differ (-l replaces its file where ckanapi appends; -p is 4, not 1).
/// </summary>
public sealed class CkanapiHabitTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(SharedFiles.RepoRoot, "docs", "reference.md"));

    private static string FromCkanapiTable()
    {
        var start = Readme.IndexOf("## From ckanapi", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/reference.md has no From ckanapi section");
        var end = Readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return Readme[start..(end < 0 ? Readme.Length : end)];
    }

    [Theory]
    [InlineData("-g", "-g/--get-request", "leave -g out", "dump", "datasets", "--all")]
    [InlineData("--get-request", "-g/--get-request", "leave -g out", "dump", "datasets", "--all")]
    [InlineData("-D", "-D/--datapackages", "--files DIR", "dump", "datasets", "--all", "-D", "packages")]
    [InlineData("-u", "-u/--ckan-user", "-a", "load", "users", "-I", "users.jsonl", "-u", "admin")]
    [InlineData("--ckan-user=admin", "-u/--ckan-user", "-a", "load", "users", "-I", "users.jsonl")]
    [InlineData("--upload-resources", "--upload-resources", "--files DIR", "load", "datasets", "-I", "datasets.jsonl")]
    [InlineData("--upload-logo", "--upload-logo", "--files DIR", "load", "organizations", "-I", "organizations.jsonl")]
    public async Task A_ckanapi_option_this_tool_lacks_gets_what_to_use_instead_before_any_call(string flag, string named, string instead, params string[] command)
    {
        await using var site = await FakeCkanServer.StartAsync();
        string[] args = command.Contains(flag) ? [.. command, "-r", site.BaseUrl.AbsoluteUri] : [.. command, flag, "-r", site.BaseUrl.AbsoluteUri];

        var run = await CliProcess.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"ckan-migrate: error: {named}", line);
        Assert.Contains(instead, line);
        Assert.Equal(0, site.Calls.Total);
    }

    [Theory]
    [InlineData("-g")]
    [InlineData("-D DIR")]
    [InlineData("-u USER")]
    [InlineData("--upload-resources")]
    [InlineData("--upload-logo")]
    [InlineData("-c ckan.ini")]
    public void Readmes_from_ckanapi_table_has_a_row_for_each_refused_option(string ckanapiOption)
    {
        var rows = FromCkanapiTable().Split('\n').Where(l => l.StartsWith("| `ckanapi", StringComparison.Ordinal));

        Assert.Contains(rows, r => r.Split('|')[1].Contains($" {ckanapiOption}", StringComparison.Ordinal));
    }

    [Fact]
    public void Readmes_from_ckanapi_table_says_where_the_shared_letters_differ()
    {
        var table = FromCkanapiTable();

        Assert.Contains("`ckanapi load ... -l LOG` (appends)", table);
        Assert.Contains("`ckanapi ... -p N` (default 1, at most 3)", table);
        Assert.Contains("`-p N` (default 4)", table);
    }
}
