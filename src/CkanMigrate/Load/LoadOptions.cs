using CkanMigrate.Entities;

namespace CkanMigrate.Load;

/// <summary>A core kind's load: the kind, the choices every load has, and what a run tells it of the target and the source.</summary>
public sealed record LoadOptions : LoadChoices
{
    public required EntityDescriptor Entity { get; init; }
    /// <summary><c>--force</c>: load even when the first records look like another kind (see <see cref="KindGuard"/>).</summary>
    public bool Force { get; init; }
    /// <summary>How many records the input holds, when known before loading (a plain file): decides how the target is read.</summary>
    public long? InputCount { get; init; }
    /// <summary>Datasets: the source's vocabularies as the target knows them; each record's vocabulary tags are moved to the target's vocabulary ids before it is compared or written.</summary>
    internal Portal.Vocabularies.VocabularyIds? Vocabularies { get; init; }
    /// <summary>Organizations and groups in a run: which members the record does not list are removed (see <see cref="MemberRule"/>); null: none are.</summary>
    internal MemberRule? Members { get; init; }
    /// <summary>The input's size in bytes, when known (a plain file): with the count, what a record weighs, to choose how the target is read.</summary>
    public long? InputBytes { get; init; }
    /// <summary>What the target is (see <see cref="Preflight.TargetProfile"/>); null: learnt by the load itself, asking only what its records need.</summary>
    internal Preflight.TargetProfile? Target { get; init; }
    /// <summary>The source site's identity, from which the ids a target refuses are derived (see <see cref="Ids.DerivedIds"/>); null where it is not known.</summary>
    public string? SourceSite { get; init; }
    /// <summary>Where the source → target id pairs go (id-map.tsv), or null.</summary>
    internal Ids.IdMapFile? IdMap { get; init; }
    /// <summary>The fields this target is known not to keep, left out of the unchanged check and learnt from each write; null: compare everything.</summary>
    internal UnkeptMemory? Unkept { get; init; }
    /// <summary>The groups the target key may put datasets in (learnt by the runner); null: any.</summary>
    internal GroupAuthority? Groups { get; init; }
}
