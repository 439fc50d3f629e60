namespace CkanMigrate.Cli.Commands;

/// <summary>Where a file-to-file verb reads and writes, as given on the command line.</summary>
internal sealed record FileStage(string InputPath, string OutputPath, bool Gzip, string? LogPath, string? RejectsPath, bool Quiet)
{
    /// <summary><c>--force</c> where the verb has it: the input is taken for the kind named even if it looks like another.</summary>
    public bool Force { get; init; }

    /// <summary>zlib level of a gzip output, 1–9 (<c>--gzip-level</c>).</summary>
    public int GzipLevel { get; init; } = 1;

    /// <summary>Cores to convert and compress on (<c>--threads</c>; 0: all the machine has).</summary>
    public int Threads { get; init; }
}
