using System.CommandLine;
using CkanMigrate.Cli.Console;
using CkanMigrate.JsonLines;
using CkanMigrate.Pipeline;

namespace CkanMigrate.Cli.Commands;

/// <summary><c>ckan-migrate verify --from SRC --to DST</c>: does the target hold the source, put through the profile?</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var shared = new PipelineOptions(verifying: true);
        var files = new Option<bool>("--files") { Description = "Also download every uploaded file on both sides and compare their SHA-256" };
        var datastore = new Option<bool>("--datastore") { Description = "Also read every DataStore table on both sides and compare definitions, row counts and a row checksum per table" };
        var report = OutputPlaces.Track(new Option<string?>("--report") { Description = "Folder for report.md and report.json (default: the work folder)" }, "the report folder", folder: true);
        var command = new Command("verify", "Compare the source (through the profile) with the target: counts, missing records, field-level differences");
        shared.AddTo(command);
        command.Options.Add(report);
        command.Options.Add(files);
        command.Options.Add(datastore);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = shared.Read(parse) with { Files = parse.GetValue(files), DataStore = parse.GetValue(datastore) }; // metadata only unless asked: downloading both sides is costly
            IReadOnlyList<KindComparison> kinds;
            try
            {
                kinds = await new Verifier(options).VerifyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RunStoppedException e)
            {
                Output.Error(e.Message);
                return ExitCodes.Fatal;
            }
            var folder = Path.GetFullPath(parse.GetValue(report) ?? options.WorkFolder);
            Directory.CreateDirectory(folder);
            var markdown = Verifier.Markdown(options, kinds);
            await WriteAtomicAsync(Path.Combine(folder, "report.md"), markdown, cancellationToken).ConfigureAwait(false);
            await WriteAtomicAsync(Path.Combine(folder, "report.json"), Verifier.JsonReport(kinds), cancellationToken).ConfigureAwait(false);
            System.Console.Out.Write(markdown);
            var clean = kinds.All(k => k.Clean);
            Output.Summary($"verify: {(clean ? "no differences" : "differences found")}; report in {Path.Combine(folder, "report.md")}");
            return clean ? ExitCodes.Ok : ExitCodes.SomeFailed;
        });
        return command;
    }

    private static async Task WriteAtomicAsync(string path, string text, CancellationToken ct)
    {
        await using var file = AtomicOutputFile.Create(path, gzip: false, ownerOnly: false);
        await file.Stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await file.CommitAsync(ct).ConfigureAwait(false);
    }
}
