using System.CommandLine;
using CkanMigrate.Cli.Console;
using CkanMigrate.JsonLines;
using CkanMigrate.Reporting;

namespace CkanMigrate.Cli.Commands;

/// <summary>Input and output file options shared by the file-to-file verbs (convert, filter).</summary>
internal static class FileOptions
{
    public static Option<string> Input(string description = "Input JSON Lines file (.jsonl or gzip, detected from its bytes)") =>
        FilesOnly(new("--input", "-I") { Description = description, Required = true }, "stdin");

    public static Option<string> Output(string description = "Output JSON Lines file; .gz compresses") =>
        Console.OutputPlaces.Track(FilesOnly(new("--output", "-O") { Description = description, Required = true }, "stdout"), "the output");

    /// <summary>
    /// These verbs write under a temp name and rename at the end (and read a file twice: its first
    /// records, then all), so "-" cannot mean a pipe here. Said at once, rather than leaving a file
    /// called "-" behind for an operator used to ckanapi's stdin and stdout.
    /// </summary>
    private static Option<string> FilesOnly(Option<string> option, string pipe)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() == "-")
                result.AddError($"{option.Name} -: this verb reads and writes files, not {pipe}; give a file name (e.g. ./{(pipe == "stdin" ? "input" : "output")}.jsonl)");
        });
        return option;
    }

    public static Option<bool> Gzip() => new("--gzip", "-z") { Description = "Compress the output with gzip" };

    public static Option<string?> Log(IReadOnlyList<string> fields) =>
        Console.OutputPlaces.Track(new Option<string?>("--log", "-l") { Description = $"One JSON line per input line: {LogFields.Describe(fields)}" }, "the log");

    public static Option<string?> Rejects(string label = "the rejects file", string name = "--rejects", string description = "Write rejected input lines here, unchanged") =>
        Console.OutputPlaces.Track(new Option<string?>(name) { Description = description }, label);

    public static Option<bool> Force() => new("--force") { Description = "Go on even when the input's first records look like another kind than KIND" };

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress output" };

    public static string ExistingFile(string path, string what)
    {
        if (!File.Exists(path)) throw new UsageException($"{what} {path}: no such file");
        return path;
    }

    /// <summary>
    /// The plumbing of a file-to-file stage (convert, filter): log, rejects and output opened under
    /// temp names, progress with the input's line count, and everything renamed into place only when
    /// the stage finished.
    /// </summary>
    public static async Task<T> RunFileStageAsync<T>(string label, FileStage files, bool ownerOnly,
        Func<IAsyncEnumerable<InputLine>, Stream, RecordLog, Stream?, ProgressCounter, Task<T>> stage, CancellationToken cancellationToken,
        CkanMigrate.Entities.EntityKind? kind = null)
    {
        if (kind is { } expected && !files.Force) await CkanMigrate.Entities.KindGuard.CheckFileAsync(files.InputPath, expected, cancellationToken).ConfigureAwait(false);
        // What is made from users' records holds their e-mails and hashes too, whatever the verb.
        ownerOnly = ownerOnly || await PersonalData.InFileAsync(files.InputPath, cancellationToken).ConfigureAwait(false);
        await using var recordLog = RecordLog.Open(files.LogPath);
        await using var rejectsFile = files.RejectsPath is null ? null : Create(files.RejectsPath, false, ownerOnly);
        await using var file = AtomicOutputFile.Create(files.OutputPath, files.Gzip || AtomicOutputFile.WantsGzip(files.OutputPath), ownerOnly, files.GzipLevel, files.Threads);
        var progress = new ProgressCounter(label);
        // The total (for the bar and its ETA) costs a pass over the file: only worth it when progress is shown.
        if (!files.Quiet && LineCounter.TryCount(files.InputPath) is { } lines) progress.SetTotal(lines);
        var result = await new ProgressRenderer(files.Quiet).RunAsync(progress,
            () => stage(JsonLinesReader.ReadAsync(files.InputPath, cancellationToken), file.Stream, recordLog, rejectsFile?.Stream, progress)).ConfigureAwait(false);
        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (rejectsFile is not null) await rejectsFile.CommitAsync(cancellationToken).ConfigureAwait(false);
        Console.Output.Problems(recordLog, files.LogPath);
        return result;
    }

    /// <summary>Creates an output written under a temp name and renamed at the end.</summary>
    public static AtomicOutputFile Create(string path, bool gzip, bool ownerOnly) =>
        AtomicOutputFile.Create(path, gzip || AtomicOutputFile.WantsGzip(path), ownerOnly);
}
