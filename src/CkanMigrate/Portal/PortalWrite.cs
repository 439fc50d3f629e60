using CkanMigrate.Load;

namespace CkanMigrate.Portal;

/// <summary>
/// What a portal writer did with one record: created or updated it, with a note of what was done;
/// or, where the target could not hold part of it (a view of a type it lacks), the rest was written
/// and the record ends rejected with <see cref="Refused"/>, so it is fed again once the target can.
/// </summary>
internal sealed record PortalWrite(LoadOutcome Outcome, string? Note = null, string? Refused = null);
