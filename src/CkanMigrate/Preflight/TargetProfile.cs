using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;
using CkanMigrate.Ids;

namespace CkanMigrate.Preflight;

/// <summary>
/// What the target is, in one typed value that the loader and the dry run read: its version and
/// plugins (status_show), the harvest source types it knows, whether it allows dataset
/// collaborators, its search rows cap, whether it has the DataStore — read before any write — and,
/// asked when a record first needs the answer (a probe that writes nothing, <see cref="TargetProbes"/>):
/// which ids it refuses, which names, and whether it keeps a dataset's metadata_modified. Nothing
/// here comes from the version number.
/// </summary>
internal sealed class TargetProfile
{
    private readonly TargetProbes _probes;
    private readonly Lazy<Task<JsonObject?>> _packageProbe;
    private readonly ConcurrentDictionary<IdKind, Lazy<Task<ProbeVerdict>>> _ids = new();
    private readonly ConcurrentDictionary<(EntityKind, string), Lazy<Task<(ProbeVerdict Verdict, string Example)>>> _names = new();
    private int _metadataModified; // 0 not known, 1 kept, 2 the target's own

    private TargetProfile(CkanClient client, CkanSiteInfo site)
    {
        Site = site;
        _probes = new TargetProbes(client);
        _packageProbe = new(() => _probes.PackageAsync(CancellationToken.None));
    }

    public CkanSiteInfo Site { get; }

    public bool DataStore => Site.HasExtension("datastore");

    public bool Harvest => Site.HasExtension("harvest");

    /// <summary>The harvester types ckanext-harvest has registered there (harvesters_info_show); null where there is no harvest plugin or it would not say.</summary>
    public IReadOnlyList<string>? HarvestSourceTypes { get; private set; }

    /// <summary>ckan.auth.allow_dataset_collaborators, as package_collaborator_list_for_user answers it; null where the site has no collaborators (before 2.9) or was not asked.</summary>
    public bool? CollaboratorsAllowed { get; private set; }

    /// <summary>ckan.search.rows_max where a search showed it (a page cut short with more left); null where it was not reached.</summary>
    public int? SearchRowsMax { get; private set; }

    /// <summary>The target's datasets when the rows cap was looked for (a cap above them cannot show).</summary>
    public long? SearchedDatasets { get; private set; }

    /// <summary>A profile that learns only when asked (no reads before the first record needs an answer).</summary>
    public static TargetProfile Lazy(CkanClient client, CkanSiteInfo site) => new(client, site);

    /// <summary>For a load of one kind: what that kind needs read first (a harvest sources load, the types the target knows), the rest when asked.</summary>
    public static async Task<TargetProfile> ForLoadAsync(CkanClient client, CkanSiteInfo site, EntityKind kind, CancellationToken ct)
    {
        var profile = new TargetProfile(client, site);
        if (kind == EntityKind.HarvestSources && profile.Harvest) profile.HarvestSourceTypes = await SiteReads.HarvestTypesAsync(client, ct).ConfigureAwait(false);
        return profile;
    }

    /// <summary>
    /// The profile with its reads done before any write: harvest types, collaborators, the search
    /// rows cap. Each is one read; what a site cannot answer stays unknown.
    /// </summary>
    public static async Task<TargetProfile> LearnAsync(CkanClient client, CkanSiteInfo site, CancellationToken ct)
    {
        var profile = new TargetProfile(client, site);
        if (profile.Harvest) profile.HarvestSourceTypes = await SiteReads.HarvestTypesAsync(client, ct).ConfigureAwait(false);
        profile.CollaboratorsAllowed = await SiteReads.CollaboratorsAllowedAsync(client, site, ct).ConfigureAwait(false);
        (profile.SearchRowsMax, profile.SearchedDatasets) = await SiteReads.SearchRowsMaxAsync(client, site, ct).ConfigureAwait(false);
        return profile;
    }

    /// <summary>Whether the target refuses ids of this table that are not UUIDs (asked once; only a sysadmin's key sends ids at all).</summary>
    public async Task<bool> RefusesIdsAsync(IdKind kind, CancellationToken ct) =>
        Site.WritesAsSysadmin && (await IdVerdictAsync(kind, ct).ConfigureAwait(false)).Refused == true;

    /// <summary>What the target said about an id of this table that is not a UUID (asked once).</summary>
    public Task<ProbeVerdict> IdVerdictAsync(IdKind kind, CancellationToken ct) =>
        _ids.GetOrAdd(kind, k => new Lazy<Task<ProbeVerdict>>(() => AskIdAsync(k))).Value.WaitAsync(ct);

    /// <summary>The mapping from source ids to the target's, for a source of this identity.</summary>
    public TargetIds Ids(string? sourceSite) => new(sourceSite, RefusesIdsAsync);

    private async Task<ProbeVerdict> AskIdAsync(IdKind kind)
    {
        var errors = kind switch
        {
            IdKind.Package or IdKind.Resource => await _packageProbe.Value.ConfigureAwait(false),
            IdKind.Group => await _probes.GroupAsync(EntityDescriptor.Organizations, CancellationToken.None).ConfigureAwait(false),
            _ => await _probes.UserAsync(CancellationToken.None).ConfigureAwait(false),
        };
        if (errors is null) return ProbeVerdict.Unknown;
        return TargetProbes.Verdict(kind == IdKind.Resource ? (errors["resources"] as JsonArray)?.FirstOrDefault()?["id"] : errors["id"]);
    }

    /// <summary>
    /// Whether the target refuses this name for a record of this kind: the stock rule takes it, or
    /// the target was asked about a name of the same shape (<see cref="NameShape"/>) — its verdict and
    /// the name it was asked about.
    /// </summary>
    public async Task<(ProbeVerdict Verdict, string? Example)> NameVerdictAsync(EntityDescriptor entity, string name, CancellationToken ct)
    {
        if (NameShape.Of(name) is not { } shape) return (ProbeVerdict.Taken, null);
        var asked = _names.GetOrAdd((entity.Kind, shape), _ => new(() => AskNameAsync(entity, name)));
        var (verdict, example) = await asked.Value.WaitAsync(ct).ConfigureAwait(false);
        return (verdict, example);
    }

    private async Task<(ProbeVerdict, string)> AskNameAsync(EntityDescriptor entity, string name) =>
        (await _probes.NameAsync(entity, name, CancellationToken.None).ConfigureAwait(false), name);

    /// <summary>Whether the target keeps a dataset's metadata_modified as sent: null until a write or the probe showed it.</summary>
    public bool? KeepsMetadataModified => Volatile.Read(ref _metadataModified) switch { 1 => true, 2 => false, _ => null };

    /// <summary>Learnt from a write the run made anyway: the target's answer holds the metadata_modified sent, or its own.</summary>
    public void LearnMetadataModified(bool kept) => Interlocked.CompareExchange(ref _metadataModified, kept ? 1 : 2, 0);

    /// <summary>Asks the target without writing (for a dry run): a sysadmin's metadata_modified that is not a date is refused only by a site that takes it.</summary>
    public async Task<bool> AskMetadataModifiedAsync(CancellationToken ct)
    {
        if (KeepsMetadataModified is { } known) return known;
        if (!Site.WritesAsSysadmin) return false;
        var errors = await _packageProbe.Value.WaitAsync(ct).ConfigureAwait(false);
        if (errors is null) return false;
        var kept = errors["metadata_modified"] is not null;
        LearnMetadataModified(kept);
        return kept;
    }

    /// <summary>What was learnt, one line each, for the report.</summary>
    public IReadOnlyList<string> Describe() => TargetDescription.Lines(this, LearntIds(), LearntNames());

    private IEnumerable<(IdKind Kind, ProbeVerdict Verdict)> LearntIds() =>
        _ids.Where(p => p.Value.IsValueCreated && p.Value.Value.IsCompletedSuccessfully).Select(p => (p.Key, p.Value.Value.Result)).OrderBy(p => p.Key);

    private IEnumerable<(EntityKind Kind, string Shape, ProbeVerdict Verdict, string Example)> LearntNames() =>
        _names.Where(p => p.Value.IsValueCreated && p.Value.Value.IsCompletedSuccessfully)
            .Select(p => (p.Key.Item1, p.Key.Item2, p.Value.Value.Result.Verdict, p.Value.Value.Result.Example))
            .OrderBy(p => p.Item1).ThenBy(p => p.Item2, StringComparer.Ordinal);
}
