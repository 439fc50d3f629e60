namespace CkanMigrate.Cli;

/// <summary>A command line that parses but makes no sense (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);
