using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: a time on the command line is ISO 8601 or refused. `--since 01/02/2024` was taken as
/// 2 January (a UK operator means 1 February); `run --since 2024-02-30` got a bare "is not a
/// timestamp". Every verb that takes a time refuses with the same words and examples, and says that
/// a time without a zone is UTC, as CKAN's metadata_modified is.
/// </summary>
public sealed class TimeOptionTests : IDisposable
{
    private const string Refusal = "is not a valid ISO 8601 date or time; give e.g. 2024-02-01 (a date: from midnight UTC), " +
                                   "2024-02-01T09:30:00 (no zone: UTC, as CKAN's metadata_modified), 2024-02-01T09:30:00Z or 2024-02-01T10:30:00+01:00";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliResult> Filter(string since)
    {
        var input = _dir.File("in.jsonl");
        File.WriteAllLines(input, ["""{"id":"before","metadata_modified":"2024-02-01T09:29:59.999999"}""", """{"id":"at","metadata_modified":"2024-02-01T09:30:00"}"""]);
        return CliProcess.RunAsync("filter", "--since", since, "-I", input, "-O", _dir.File("out.jsonl"), "-q");
    }

    // Nothing is contacted or written before --since is read: the target port is closed.
    private Task<CliResult> Run(string since) =>
        CliProcess.RunAsync("run", "--since", since, "--from", _dir.Path, "--to", "http://127.0.0.1:1/", "--work", _dir.File("work"), "-q");

    [Theory]
    [InlineData("01/02/2024")] // day and month in some order: which one is the operator's guess
    [InlineData("2024-02-30")]
    [InlineData("last tuesday")]
    [InlineData("2024-02-01 09:30")] // not ISO 8601: a space instead of T
    [InlineData("20240201")]
    public async Task Anything_but_ISO_8601_is_refused_with_the_same_line_by_every_verb(string since)
    {
        var filter = await Filter(since);
        var run = await Run(since);

        Assert.True(filter.ExitCode == 2, filter.ToString());
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"ckan-migrate: error: --since '{since}' {Refusal}", filter.Stderr.TrimEnd());
        Assert.Equal($"ckan-migrate: error: --since '{since}' {Refusal}, or auto (since the last successful run)", run.Stderr.TrimEnd());
        Assert.False(File.Exists(_dir.File("out.jsonl")));
        Assert.False(Directory.Exists(_dir.File("work")));
    }

    [Theory]
    [InlineData("2024-02-01T09:30:00", "2024-02-01T09:30:00.000000")] // no zone: UTC, as metadata_modified
    [InlineData("2024-02-01T09:30", "2024-02-01T09:30:00.000000")]
    [InlineData("2024-02-01T09:30:00Z", "2024-02-01T09:30:00.000000")]
    [InlineData("2024-02-01T10:30:00+01:00", "2024-02-01T09:30:00.000000")]
    [InlineData("2024-02-01T09:29:59.999999", "2024-02-01T09:29:59.999999")]
    [InlineData("2024-02-01", "2024-02-01T00:00:00.000000")]
    public async Task ISO_8601_dates_and_times_with_or_without_a_zone_are_read_as_that_instant(string since, string utc)
    {
        var filter = await Filter(since);

        Assert.True(filter.ExitCode == 0, filter.ToString());
        Assert.Contains($"filter since {utc}:", filter.Stderr);
    }

    [Theory]
    [InlineData("filter")]
    [InlineData("run")]
    public async Task Help_says_which_zone_a_time_without_one_is_taken_in(string verb)
    {
        var help = await CliProcess.RunAsync(verb, "--help");

        Assert.Contains("ISO 8601", help.Stdout);
        Assert.Contains("no zone: UTC, as CKAN's metadata_modified", help.Stdout);
    }
}
