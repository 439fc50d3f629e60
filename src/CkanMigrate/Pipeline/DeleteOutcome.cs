namespace CkanMigrate.Pipeline;

/// <summary>What a run found of the datasets its source no longer has, and what it did about them.</summary>
public sealed record DeleteOutcome
{
    public static readonly DeleteOutcome None = new();

    /// <summary>
    /// Gone from the source: confirmed by the site (package_show: not found, or deleted), or absent
    /// from a source folder that records a complete dump. Deleted on the target, or still to delete.
    /// </summary>
    public IReadOnlyList<string> Gone { get; init; } = [];

    /// <summary>The source is a folder: "gone" means absent from its complete dump (no site was asked).</summary>
    public bool FromFolder { get; init; }

    /// <summary>Absent from a source folder that cannot vouch for its datasets file: never deleted.</summary>
    public IReadOnlyList<string> AbsentUnproven { get; init; } = [];

    /// <summary>Why the source folder cannot vouch for its datasets file (see <see cref="Dump.CompleteDumps"/>).</summary>
    public string? FolderNotComplete { get; init; }

    /// <summary>The last run saw them, this dump lacks them, yet the source still has them: never deleted.</summary>
    public IReadOnlyList<string> StillAtSource { get; init; } = [];

    /// <summary>This run deleted them on the target (--propagate-deletes).</summary>
    public bool Propagated { get; init; }

    /// <summary>A dry run: a run with --propagate-deletes would delete them.</summary>
    public bool Planned { get; init; }

    /// <summary>How many a run may delete (--max-deletes, or 10 or 1% of the target's datasets).</summary>
    public int? Limit { get; init; }

    /// <summary>More were to be deleted than <see cref="Limit"/>: nothing was deleted; the run ends with exit 3.</summary>
    public bool HeldBack { get; init; }
}
