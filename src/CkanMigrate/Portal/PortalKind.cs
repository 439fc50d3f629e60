using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal;

/// <summary>
/// One kind of portal object beyond users, organizations, groups, datasets and harvest sources
/// (resource views, vocabularies, collaborators, ...). A kind says only what is its own; the
/// runners (<see cref="PortalDumpRunner"/>, <see cref="PortalLoadRunner"/>, <see cref="PortalComparison"/>)
/// and the run (<see cref="RunOrder"/>) give every kind the same guarantees:
/// <list type="bullet">
/// <item><see cref="MissingAsync"/>: what a site needs for it (a plugin, a setting), asked of each side;</item>
/// <item><see cref="DumpAsync"/>: how it is listed, one JSON Lines record per item, in a stable order;</item>
/// <item><see cref="KeyOf"/>: how a record is matched across sites (an id, then a name that holds across sites);</item>
/// <item><see cref="Comparable"/> and <see cref="Holds"/>: how it is compared, by load (unchanged costs no write) and verify (field by field);</item>
/// <item><see cref="Writer"/>: how the target's copy is found and written (create or update).</item>
/// </list>
/// Its place in a run is its place in <see cref="RunOrder.All"/>. The behaviour is internal: kinds
/// are this library's, and a program embedding it uses them through the runners.
/// To add a kind: a folder Portal/&lt;Kind&gt;/ with a subclass (and its writer, <see cref="IPortalWriter"/>),
/// one field in <see cref="PortalKinds"/>, one line in <see cref="RunOrder.All"/> after what it refers to.
/// dump, load, run (dry run, resume, report) and verify then take it by its <see cref="CliName"/>.
/// </summary>
public abstract class PortalKind
{
    /// <summary>The kind's name on the command line, in the work folder and in reports ("views").</summary>
    public abstract string CliName { get; }

    /// <summary>What one record of the kind is, for messages ("a resource's views").</summary>
    public abstract string RecordName { get; }

    /// <summary>Why this site cannot give (<paramref name="asSource"/>) or hold records of the kind, or null when it can.</summary>
    internal abstract Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct);

    /// <summary>How the dump lists the records, for its summary ("resource_view_list per resource").</summary>
    internal abstract string Listing { get; }

    /// <summary>Every record of the kind at the source (or those <see cref="PortalDumpRequest.Keys"/> names), in a stable order.</summary>
    internal abstract IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, CancellationToken ct);

    /// <summary>
    /// The fields every record of the kind has, and fields no record of it has (they show another
    /// kind): a datasets file given as vocabularies, or views as collaborators, would otherwise be
    /// written as what it is not.
    /// </summary>
    internal abstract (string[] Has, string[] Never) Fields { get; }

    /// <summary>Why the record is not one of this kind, or null when it is.</summary>
    internal virtual string? NotOfKind(JsonObject record)
    {
        if (Fields.Has.FirstOrDefault(f => !record.ContainsKey(f)) is { } missing) return $"it has no {missing}";
        return Fields.Never.FirstOrDefault(record.ContainsKey) is { } foreign ? $"it has {foreign}, which {RecordName} never has" : null;
    }

    /// <summary>How the record is matched on the other site, as the core kinds are: by id, then by a name that holds across sites.</summary>
    internal abstract (string? Id, string? Name) KeyOf(JsonObject record);

    /// <summary>The record as it is compared: what the site computes or renames left out, what it may reorder put in order.</summary>
    internal abstract JsonObject Comparable(JsonObject record);

    /// <summary>Whether the target's copy already holds the record, so that loading it again would change nothing (default: equal comparable forms).</summary>
    internal virtual bool Holds(JsonObject record, JsonObject existing) =>
        JsonNode.DeepEquals(Comparable(record), Comparable(existing));

    /// <summary>The writer of one load: it reads what it needs of the target once, then finds and writes each record.</summary>
    internal abstract IPortalWriter Writer(PortalTarget target);

    /// <summary>
    /// The dataset a record belongs to (id or name), or null. An incremental run dumps such a kind
    /// only for the datasets that changed, so a record it rejects puts its dataset among the pending
    /// ones, to be carried again by the next run whatever its timestamp.
    /// </summary>
    internal virtual string? DatasetOf(JsonObject record) => null;

    /// <summary>
    /// For a kind whose dump is always whole: the record that says "none any more" for one the last
    /// dump had and this one lacks (a dataset whose last collaborator went), so that a run mends the
    /// target; null for a kind without such a record.
    /// </summary>
    internal virtual JsonObject? Emptied(JsonObject earlier) => null;

    /// <summary>
    /// Whether a run leaves the kind alone unless asked for it by name (<c>run --site-config</c>,
    /// <c>run --followers</c>): what it changes is the operator's decision, not a migration's default.
    /// </summary>
    internal virtual bool OnlyWhenAsked => false;

    /// <summary>Why no site can be loaded with records of the kind at all (an archive, such as the activity streams), or null.</summary>
    public virtual string? LoadRefused => null;

    /// <summary>Whether records of the kind may hold files in the site's own storage (then dump and load take <c>--files</c>).</summary>
    public virtual bool HoldsFiles => false;

    /// <summary>The record's files in the site's own storage (an uploaded image), fetched by a dump given a files folder and sent by the load.</summary>
    internal virtual IEnumerable<Files.UploadedFile> FilesOf(JsonObject record, Uri site) => [];

    public override string ToString() => CliName;
}
