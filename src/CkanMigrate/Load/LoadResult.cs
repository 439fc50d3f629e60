using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>What happened to one input line.</summary>
public sealed record LoadResult(InputLine Line, string? Id, string? Name, LoadOutcome Outcome, string? Error = null, string? Note = null)
{
    /// <summary>Fields sent that the target's answer does not hold (see UnkeptFields): the write succeeded, but not all of it.</summary>
    public IReadOnlyList<string> NotKept { get; init; } = [];

    /// <summary>An organization's or group's parents (names) to link once every record of the load is in; empty for none.</summary>
    public IReadOnlyList<string> Parents { get; init; } = [];
}
