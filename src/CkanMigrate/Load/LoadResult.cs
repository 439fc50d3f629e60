using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>What happened to one input line.</summary>
internal sealed record LoadResult(InputLine Line, string? Id, string? Name, LoadOutcome Outcome, string? Error = null, string? Note = null)
{
    /// <summary>Fields sent that the target's answer does not hold (see UnkeptFields): the write succeeded, but not all of it.</summary>
    public IReadOnlyList<string> NotKept { get; init; } = [];

    /// <summary>An organization's or group's parents (names) to link once every record of the load is in; empty for none.</summary>
    public IReadOnlyList<string> Parents { get; init; } = [];

    /// <summary>The source ids the target refused and the ids the record has there instead (see <see cref="Ids.TargetIds"/>).</summary>
    public IReadOnlyList<Ids.IdPair> IdPairs { get; init; } = [];

    /// <summary>Why the record does not fit the target as it is, in words shared by every record so refused (grouped in the report), or null.</summary>
    public string? Unfit { get; init; }
}
