namespace CkanMigrate.Ckan;

/// <summary>
/// A call failed transiently and will be tried again after <see cref="Delay"/>: told to whoever shows
/// the run (the CLI prints it on stderr), so a slow site does not look like a hung tool.
/// </summary>
/// <param name="Host">The site, as host[:port].</param>
/// <param name="Action">The action being called, or "download".</param>
/// <param name="Reason">What failed, in a few words ("HTTP 503", "timed out", "connection refused").</param>
/// <param name="NextAttempt">The attempt about to be made, counting the first (2 = first retry).</param>
/// <param name="Attempts">Attempts allowed in all.</param>
public sealed record RetryNotice(string Host, string Action, string Reason, TimeSpan Delay, int NextAttempt, int Attempts)
{
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} {1}: {2}; retrying in {3:0.#} s, attempt {4} of {5}",
            Host, Action, Reason, Delay.TotalSeconds, NextAttempt, Attempts);
}
