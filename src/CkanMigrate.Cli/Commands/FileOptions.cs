using System.CommandLine;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Cli.Commands;

/// <summary>Input and output file options shared by the file-to-file verbs (convert, filter).</summary>
public static class FileOptions
{
    public static Option<string> Input(string description = "Input JSON Lines file (.jsonl or gzip, detected from its bytes)") =>
        new("--input", "-I") { Description = description, Required = true };

    public static Option<string> Output(string description = "Output JSON Lines file; .gz compresses") =>
        new("--output", "-O") { Description = description, Required = true };

    public static Option<bool> Gzip() => new("--gzip", "-z") { Description = "Compress the output with gzip" };

    public static Option<string?> Log() => new("--log", "-l") { Description = "One JSON line per input line: line, outcome, reason" };

    public static Option<string?> Rejects() => new("--rejects") { Description = "Write rejected input lines here, unchanged" };

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress output" };

    public static string ExistingFile(string path, string what)
    {
        if (!File.Exists(path)) throw new UsageException($"{what} {path}: no such file");
        return path;
    }

    /// <summary>Creates an output written under a temp name and renamed at the end.</summary>
    public static AtomicOutputFile Create(string path, bool gzip, bool ownerOnly) =>
        AtomicOutputFile.Create(path, gzip || AtomicOutputFile.WantsGzip(path), ownerOnly);
}
