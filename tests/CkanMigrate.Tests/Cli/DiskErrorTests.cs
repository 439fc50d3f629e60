using CkanMigrate.Tests.Support;

namespace CkanMigrate.Tests.Cli;

/// <summary>
/// Issue #23 §2: a read-only or full output folder gave `Read-only file system : '/…/.x.jsonl.2025.f93d30dac….tmp'`.
/// Now one line says which output (for run: the work folder), why in plain words, and what to do;
/// never a temp name, and nothing half-written is left. The disks are real (see <see cref="ConfinedDisk"/>).
/// </summary>
public sealed class DiskErrorTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Sample(string name) => Path.Combine(SharedFiles.RepoRoot, "samples", "dgu", name);

    private static void AssertOneLine(CliResult result, string expected)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"ckan-migrate: error: {expected}", result.Stderr.TrimEnd());
        Assert.DoesNotContain(".tmp", result.Stderr);
    }

    [Fact]
    public async Task A_read_only_output_folder_is_named_with_its_option_and_what_to_do()
    {
        var disk = _dir.File("ro");
        var output = Path.Combine(disk, "recent.jsonl");

        var filter = await ConfinedDisk.RunAsync(disk, "ro", ["filter", "--since", "2010-01-01", "-I", Sample("datasets.jsonl"), "-O", output, "-q"]);

        AssertOneLine(filter, $"cannot write the output {output} (-O): the file system there is read-only; give -O a path on a disk you can write to");
    }

    [Fact]
    public async Task A_full_disk_is_said_in_plain_words_and_leaves_nothing_half_written()
    {
        var disk = _dir.File("full");
        var output = Path.Combine(disk, "datasets.jsonl");

        var convert = await ConfinedDisk.RunAsync(disk, "size=64k", ["convert", "datasets", "--profile", "dgu", "-I", Sample("datasets.jsonl"), "-O", output, "-q"]);

        AssertOneLine(convert, $"cannot write the output {output} (-O): the disk is full; free space on it, or give -O a path on a disk with room");
        Assert.Equal("", ConfinedDisk.LeftIn(convert));
    }

    [Fact]
    public async Task Of_two_outputs_in_one_folder_the_one_being_written_is_named()
    {
        var disk = _dir.File("full");
        var output = Path.Combine(disk, "o.jsonl");

        var filter = await ConfinedDisk.RunAsync(disk, "size=64k",
            ["filter", "--since", "2010-01-01", "-I", Sample("datasets.jsonl"), "-O", output, "-l", Path.Combine(disk, "a-log-with-a-longer-name.jsonl"), "-q"]);

        AssertOneLine(filter, $"cannot write the output {output} (-O): the disk is full; free space on it, or give -O a path on a disk with room");
    }

    [Fact]
    public async Task An_output_under_a_file_says_a_part_of_its_path_is_a_file()
    {
        // No mount needed: even root cannot make a folder where a file is.
        File.WriteAllText(_dir.File("a-file"), "");
        var output = Path.Combine(_dir.File("a-file"), "out.jsonl");

        var filter = await CliProcess.RunAsync("filter", "--since", "2010-01-01", "-I", Sample("datasets.jsonl"), "-O", output, "-q");

        AssertOneLine(filter, $"cannot write the output {output} (-O): a part of its path is a file, not a folder; give -O a path you can write to");
    }

    [Fact]
    public async Task A_log_on_a_read_only_disk_is_named_as_the_log()
    {
        var disk = _dir.File("ro");
        var log = Path.Combine(disk, "filter.log");

        var filter = await ConfinedDisk.RunAsync(disk, "ro", ["filter", "--since", "2010-01-01", "-I", Sample("datasets.jsonl"), "-O", _dir.File("out.jsonl"), "-l", log, "-q"]);

        AssertOneLine(filter, $"cannot write the log {log} (-l): the file system there is read-only; give -l a path on a disk you can write to");
        Assert.False(File.Exists(_dir.File("out.jsonl")));
    }

    [Fact]
    public async Task Run_says_it_is_the_work_folder_that_is_full_and_how_much_room_a_run_needs()
    {
        var disk = _dir.File("full");
        var work = Path.Combine(disk, "work");

        var run = await ConfinedDisk.RunAsync(disk, "size=64k",
            ["run", "--from", Path.Combine(SharedFiles.RepoRoot, "samples", "dgu"), "--to", _dir.File("out"), "--profile", "dgu", "--work", work, "-q"]);

        AssertOneLine(run, $"cannot write in the work folder {work} (--work): the disk is full; free space on it, or give --work a path on a disk with room " +
                           "(a run keeps about two to three times the size of the source's dump); finished stages are kept, and the same command resumes");
    }

    [Fact]
    public async Task Run_says_it_is_the_work_folder_that_is_read_only()
    {
        var disk = _dir.File("ro");
        var work = Path.Combine(disk, "work");

        var run = await ConfinedDisk.RunAsync(disk, "ro",
            ["run", "--from", Path.Combine(SharedFiles.RepoRoot, "samples", "dgu"), "--to", _dir.File("out"), "--profile", "dgu", "--work", work, "-q"]);

        AssertOneLine(run, $"cannot write in the work folder {work} (--work): the file system there is read-only; give --work a path on a disk you can write to");
    }
}
