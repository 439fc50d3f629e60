using System.IO.Compression;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: an empty input file gave exit 0 and "0 lines" with no word of it. Every verb that
/// reads an input file now warns in one line naming it. The exit stays 0: an empty file is a whole
/// file of no records (a catch-up's filtered file often is), and nothing failed.
/// </summary>
public sealed class EmptyInputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Empty(bool gzip)
    {
        var path = _dir.File(gzip ? "empty.jsonl.gz" : "empty.jsonl");
        using (var file = File.Create(path))
            if (gzip) using (new GZipStream(file, CompressionLevel.Fastest)) { } // a gzip stream of nothing: not a 0-byte file
        return path;
    }

    private static void AssertWarnedOnce(CliResult result, string expected)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"warning: {expected}"], result.Stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Filter_and_convert_warn_of_an_empty_input_naming_it(bool gzip)
    {
        var input = Empty(gzip);

        var filter = await CliProcess.RunAsync("filter", "--since", "2020-01-01", "-I", input, "-O", _dir.File("f.jsonl"), "-q");
        var convert = await CliProcess.RunAsync("convert", "datasets", "--profile", "dgu", "-I", input, "-O", _dir.File("c.jsonl"), "-q");

        AssertWarnedOnce(filter, $"{input} is empty: no records to filter");
        AssertWarnedOnce(convert, $"{input} is empty: no records to convert");
        Assert.Equal(0, new FileInfo(_dir.File("f.jsonl")).Length); // still a complete (empty) output
    }

    [Fact]
    public async Task Load_warns_of_an_empty_file_and_of_empty_standard_input()
    {
        await using var ckan = await FakeCkanServer.StartAsync();
        var input = Empty(gzip: false);
        var env = new Dictionary<string, string?> { ["CKAN_API_KEY"] = ckan.SysadminToken };

        var fromFile = await CliProcess.RunAsync(["load", "datasets", "-I", input, "-r", ckan.BaseUrl.AbsoluteUri, "-q"], env);
        var fromStdin = await CliProcess.RunAsync(["load", "datasets", "-r", ckan.BaseUrl.AbsoluteUri, "-q"], env, stdin: []);

        AssertWarnedOnce(fromFile, $"{input} is empty: no records to load");
        AssertWarnedOnce(fromStdin, "standard input is empty: no records to load");
    }

    [Fact]
    public async Task An_input_with_records_gets_no_such_warning()
    {
        var input = Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", "datasets.jsonl");

        var filter = await CliProcess.RunAsync("filter", "--since", "2099-01-01", "-I", input, "-O", _dir.File("f.jsonl"), "-q"); // every record older: an empty output

        Assert.True(filter.ExitCode == 0, filter.ToString());
        Assert.DoesNotContain("warning", filter.Stderr);
    }
}
