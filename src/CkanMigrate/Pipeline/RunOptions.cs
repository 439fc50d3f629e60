using CkanMigrate.Ckan;
using CkanMigrate.Entities;

namespace CkanMigrate.Pipeline;

public sealed record RunOptions
{
    public required Endpoint From { get; init; }
    public required Endpoint To { get; init; }
    /// <summary>The built-in data.gov.uk profile, as <see cref="Profile"/> names it.</summary>
    public const string DguProfile = "dgu";

    /// <summary>No conversion: records pass through as the source has them.</summary>
    public const string NoProfile = "none";

    /// <summary>What <see cref="Since"/> says for "since the last successful run's high-water mark".</summary>
    public const string SinceLastRun = "auto";

    /// <summary><see cref="DguProfile"/>, <see cref="NoProfile"/>, or the full path of a profile file (then <see cref="ProfileFile"/>).</summary>
    public string Profile { get; init; } = NoProfile;

    /// <summary>The profile file named by <see cref="Profile"/>, read and checked; null for a built-in profile.</summary>
    public Profiles.ConversionProfile? ProfileFile { get; init; }
    public string? DrupalUsers { get; init; }
    public bool Production { get; init; }
    /// <summary>null: everything; <see cref="SinceLastRun"/>; else a timestamp.</summary>
    public string? Since { get; init; }
    public required string WorkFolder { get; init; }
    public int Parallel { get; init; } = 4;
    public bool PropagateDeletes { get; init; }
    /// <summary>Accept a source key that is not a sysadmin's: only what it can see is migrated.</summary>
    public bool PublicOnly { get; init; }

    /// <summary>Move uploaded files with their datasets (kept in the work folder's 1-dump/files); <c>--no-files</c> turns it off.</summary>
    public bool Files { get; init; } = true;

    /// <summary>Move DataStore tables (definition, data dictionary, rows) with their resources when the source has the DataStore; <c>--no-datastore</c> turns it off.</summary>
    public bool DataStore { get; init; } = true;
    /// <summary>Transport settings applied to both sites (each keeps its own URL and key).</summary>
    public CkanClientOptions? Transport { get; init; }

    /// <summary>The portal kinds a run moves only when asked (<c>--site-config</c>, <c>--followers</c>), by name, that were asked for.</summary>
    public IReadOnlySet<string> Asked { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The portal kinds a run would move that were turned off by name (<c>--no-views</c>): neither read nor written.</summary>
    public IReadOnlySet<string> Declined { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether the run moves the portal kind: every kind but those moved only when asked (unless asked for) and those turned off.</summary>
    public bool Moves(Portal.PortalKind kind) => !Declined.Contains(kind.CliName) && (!kind.OnlyWhenAsked || Asked.Contains(kind.CliName));

    /// <summary>
    /// What the run moves beside the core kinds' public records: "private" (a folder's, or a site's
    /// read with a sysadmin's key), "files", "datastore" and each portal kind it moves. A run that
    /// moves more than the last one did cannot take only what changed since: the unchanged
    /// datasets' files, tables or views were never moved.
    /// </summary>
    internal IReadOnlyList<string> Scope(CkanSiteInfo? sourceSite) =>
        [.. new[] { ("private", sourceSite is null || sourceSite.Key.Sysadmin), ("files", Files), ("datastore", DataStore) }.Where(p => p.Item2).Select(p => p.Item1),
         .. Portal.PortalKinds.All.Where(k => !Portal.PortalKinds.ArchiveOnly.Contains(k) && Moves(k)).Select(k => k.CliName)];

    /// <summary>Plan only: read both sides, decide what each record would become, write nothing to the target.</summary>
    public bool DryRun { get; init; }

    /// <summary>--max-deletes: the most datasets a run may delete; null: <see cref="MinimumDeleteLimit"/> or 1% of the target's datasets, whichever is larger.</summary>
    public int? MaxDeletes { get; init; }

    /// <summary>The least the default delete limit allows, however small the target.</summary>
    public const int MinimumDeleteLimit = 10;

    /// <summary>The migration this run is of, as its work folder records it (see <see cref="WorkFolders.WorkFolder"/>).</summary>
    internal WorkFolders.WorkPair Pair(CkanSiteInfo? sourceSite, CkanSiteInfo? targetSite) =>
        new(WorkFolders.EndIdentity.Of(From, sourceSite), WorkFolders.EndIdentity.Of(To, targetSite), Profile, DrupalUsers, Production);

    /// <summary>A client for one end: the shared transport settings with that end's own URL and key.</summary>
    public CkanClient ClientFor(Endpoint endpoint)
    {
        var transport = Transport ?? new CkanClientOptions { BaseUrl = endpoint.Url! };
        return new CkanClient(transport with { BaseUrl = endpoint.Url!, ApiKey = endpoint.ApiKey });
    }

    /// <summary>What must match for an unfinished run to be resumed rather than restarted.</summary>
    public string Fingerprint() => string.Join("|", From, To, Profile, DrupalUsers, Production, Since, PropagateDeletes, Files, DataStore, MaxDeletes, ProfileFile?.Digest)
                                   + string.Concat(Asked.Order(StringComparer.Ordinal).Select(a => $"|{a}")) // as before when nothing more is asked
                                   + string.Concat(Declined.Order(StringComparer.Ordinal).Select(d => $"|-{d}"));
}
