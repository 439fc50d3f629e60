namespace CkanMigrate.Cli;

/// <summary>The exit codes scripts can rely on (README lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything done.</summary>
    public const int Ok = 0;
    /// <summary>The run could not go on (site unreachable after retries, unreadable input, bad key file).</summary>
    public const int Fatal = 1;
    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;
    /// <summary>The run finished but some records failed or were rejected (named in the log / rejects file).</summary>
    public const int SomeFailed = 3;
    /// <summary>Interrupted (Ctrl-C, SIGINT); a re-run continues safely.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM (a service manager, kill), 128 + 15 as shells report it; a re-run continues safely.</summary>
    public const int Terminated = 143;
}
