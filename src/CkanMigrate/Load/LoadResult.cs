using CkanMigrate.JsonLines;

namespace CkanMigrate.Load;

/// <summary>What happened to one input line.</summary>
public sealed record LoadResult(InputLine Line, string? Id, string? Name, LoadOutcome Outcome, string? Error = null, string? Note = null);
