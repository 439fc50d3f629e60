using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>Issue #12 §2 (part): a wrong command line gets one clear line and exit 2, before any work.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Ckanapis_local_mode_is_answered_with_what_to_give_instead()
    {
        var run = await CliProcess.RunAsync("dump", "datasets", "-c", "ckan.ini");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("local mode (-c/--config ckan.ini) is not supported: give the site's URL with -r", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_option_is_not_taken_for_a_dataset_name()
    {
        var run = await CliProcess.RunAsync("dump", "datasets", "some-dataset", "--bogus", "-r", "http://127.0.0.1:1/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--bogus' for dump", run.Stderr);
    }

    [Theory]
    [InlineData("convert", "datasets", "--profile", "dgu")]
    [InlineData("filter", "--since", "2020-01-01T00:00:00")]
    public async Task A_dash_for_a_file_verbs_output_is_refused_rather_than_written_as_a_file_named_dash(params string[] verb)
    {
        using var folder = new TempFolder();
        var input = folder.File("in.jsonl");
        File.Copy(Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", "datasets.jsonl"), input);

        var toStdout = await CliProcess.RunAsync([.. verb, "-I", input, "-O", "-", "-q"], workingDirectory: folder.Path);
        var fromStdin = await CliProcess.RunAsync([.. verb, "-I", "-", "-O", "out.jsonl", "-q"], workingDirectory: folder.Path);

        Assert.Equal(2, toStdout.ExitCode);
        Assert.Contains("--output -: this verb reads and writes files, not stdout", toStdout.Stderr);
        Assert.Equal(2, fromStdin.ExitCode);
        Assert.Contains("--input -: this verb reads and writes files, not stdin", fromStdin.Stderr);
        Assert.Equal(["in.jsonl"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_mistyped_verb_gets_the_nearest_one_suggested()
    {
        var run = await CliProcess.RunAsync("dupm", "datasets", "--all");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean 'dump'?", run.Stderr);
        Assert.DoesNotContain("did you mean", (await CliProcess.RunAsync("frobnicate")).Stderr); // nothing near: no guess
    }
}
