namespace CkanMigrate.Cli.Commands;

/// <summary>Where a file-to-file verb reads and writes, as given on the command line.</summary>
public sealed record FileStage(string InputPath, string OutputPath, bool Gzip, string? LogPath, string? RejectsPath, bool Quiet)
{
    /// <summary><c>--force</c> where the verb has it: the input is taken for the kind named even if it looks like another.</summary>
    public bool Force { get; init; }
}
