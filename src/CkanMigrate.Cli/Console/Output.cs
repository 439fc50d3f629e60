namespace CkanMigrate.Cli.Console;

/// <summary>Messages for people, all on stderr so stdout can carry records.</summary>
public static class Output
{
    public static void Info(bool quiet, string message)
    {
        if (!quiet) System.Console.Error.WriteLine(message);
    }

    public static void Warn(string message) => System.Console.Error.WriteLine($"warning: {message}");

    /// <summary>The final summary line: printed even with -q, because scripts log it.</summary>
    public static void Summary(string message) => System.Console.Error.WriteLine(message);

    public static void Error(string message) => System.Console.Error.WriteLine($"ckan-migrate: error: {message}");
}
