using Jint.Runtime;

namespace CkanMigrate.Profiles.Scripting;

/// <summary>
/// The clock scripts see: always 1970-01-01T00:00:00Z in UTC, so <c>new Date()</c> gives the same
/// result on every run and machine (a conversion must not depend on when it runs). Dates built from
/// text or numbers work as usual.
/// </summary>
internal sealed class FixedClock() : DefaultTimeSystem(TimeZoneInfo.Utc, System.Globalization.CultureInfo.InvariantCulture)
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;
}
