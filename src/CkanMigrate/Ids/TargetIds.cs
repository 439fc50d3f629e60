using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Ids;

/// <summary>
/// Which id a source record has on the target: its own, or — where the target refuses it (CKAN
/// 2.11 takes UUIDs only) — the id <see cref="DerivedIds"/> makes of the source site and the source
/// id. Whether the target refuses ids of a table is asked of the target (a probe that writes
/// nothing, see Preflight), only when a record holds an id that is not a UUID. The loader rewrites
/// each record through <see cref="RewriteAsync"/> before matching and writing it, so a re-run finds
/// the record by its derived id; the file sender, the DataStore loader and verify use the same rule.
/// </summary>
/// <param name="sourceSite">the source's identity (see <see cref="WorkFolders.EndIdentity.IdSite"/>), or null where it is not known</param>
/// <param name="refuses">whether the target refuses ids of this table that are not UUIDs (asked once per table, by the caller's cache)</param>
internal sealed class TargetIds(string? sourceSite, Func<IdKind, CancellationToken, Task<bool>> refuses)
{
    public string? SourceSite => sourceSite;

    /// <summary>
    /// No rewriting, and the source site not known: for a step that only looks records up by their
    /// <see cref="Candidates"/> (a DataStore load of a folder), as a load of a file derives them.
    /// </summary>
    public static TargetIds KeepAll { get; } = new(null, (_, _) => Task.FromResult(false));

    /// <summary>The id the target has (or will have) for a source id of this table.</summary>
    public async Task<string> TargetIdAsync(IdKind kind, string sourceId, CancellationToken ct) =>
        !PythonUuid.Accepts(sourceId) && await refuses(kind, ct).ConfigureAwait(false) ? DerivedIds.For(sourceSite, kind, sourceId) : sourceId;

    /// <summary>
    /// Where a target record may be found by a source id, without knowing the target's rule: the id
    /// itself, then (for an id that is not a UUID) the id derived from it.
    /// </summary>
    public IReadOnlyList<string> Candidates(IdKind kind, string sourceId) =>
        PythonUuid.Accepts(sourceId) ? [sourceId] : [sourceId, DerivedIds.For(sourceSite, kind, sourceId)];

    /// <summary>
    /// The record as the target will hold it: a copy with every id the target refuses (in the places
    /// <see cref="IdReferences"/> lists) replaced by its derived id, and the pairs replaced; the record
    /// itself when there are none.
    /// </summary>
    public async Task<(JsonObject Record, IReadOnlyList<IdPair> Pairs)> RewriteAsync(EntityKind kind, JsonObject record, CancellationToken ct)
    {
        JsonObject? copy = null;
        var pairs = new List<IdPair>();
        foreach (var reference in IdReferences.Of(kind))
        {
            if (!reference.Find(record).Any(found => !PythonUuid.Accepts(found.Id))) continue;
            if (!await refuses(reference.Kind, ct).ConfigureAwait(false)) continue;
            copy ??= (JsonObject)record.DeepClone();
            foreach (var (id, set) in reference.Find(copy).ToList())
            {
                if (PythonUuid.Accepts(id)) continue;
                var derived = DerivedIds.For(sourceSite, reference.Kind, id);
                set(derived);
                pairs.Add(new IdPair(reference.Kind, id, derived));
            }
        }
        return (copy ?? record, pairs);
    }
}
