using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: a mistyped or missing kind gets what a mistyped command gets — one line, the nearest
/// name, exit 2 — in every verb that takes a KIND (dump, load, convert). `convert dataset` printed
/// lines of parser errors and no suggestion; `convert organisations --help` showed convert's help
/// with exit 0; `dump dataset --all` was taken for datasets. Singular names are refused with the
/// plural suggested: a KIND is always plural, so one spelling works everywhere.
/// </summary>
public sealed class TypoTests
{
    private const string DumpKinds = "users, organizations, groups, vocabularies, datasets, views, collaborators, showcases, pages, harvest-sources, followers, site-config, activity or datastore";
    private const string ConvertKinds = "users, organizations, groups, datasets or harvest-sources";
    private const string Commands = "dump, convert, filter, load, run or verify";
    private const string Closed = "http://127.0.0.1:1/"; // nothing may be asked of a site before the kind is known

    [Theory]
    [InlineData($"unknown kind 'dataset' for convert: did you mean 'datasets'? convert takes {ConvertKinds}", "convert", "dataset")]
    [InlineData($"unknown kind 'organisations' for convert: did you mean 'organizations'? convert takes {ConvertKinds}", "convert", "organisations", "--help")]
    [InlineData($"unknown kind 'dataset' for dump: did you mean 'datasets'? dump takes {DumpKinds}", "dump", "dataset", "--all", "-r", Closed)]
    [InlineData($"unknown kind 'harvest-source' for load: did you mean 'harvest-sources'? load takes {DumpKinds}", "load", "harvest-source", "-I", "x.jsonl", "-r", Closed)]
    [InlineData($"unknown kind 'dataset' for dump: did you mean 'datasets'? dump takes {DumpKinds}", "dump", "dataset", "--help")]
    [InlineData($"unknown kind 'frobs' for dump: dump takes {DumpKinds}", "dump", "frobs", "--all", "-r", Closed)]
    [InlineData($"unknown kind 'view' for load: did you mean 'views'? load takes {DumpKinds}", "load", "view", "-I", "x.jsonl", "-r", Closed)]
    [InlineData($"unknown command 'dupm': did you mean 'dump'? ckan-migrate takes {Commands}", "dupm", "datasets", "--all")]
    [InlineData($"unknown command 'frobnicate': ckan-migrate takes {Commands}", "frobnicate")]
    [InlineData($"convert needs a kind: {ConvertKinds}", "convert")]
    [InlineData($"dump needs a kind: {DumpKinds}", "dump", "--all", "-r", Closed)]
    public async Task A_mistyped_or_missing_kind_or_command_gets_one_line_with_the_nearest_name_and_exit_2(string expected, params string[] args)
    {
        var run = await CliProcess.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"ckan-migrate: error: {expected}", run.Stderr.TrimEnd());
        Assert.Equal("", run.Stdout);
    }
}
