using CkanMigrate.Load;

namespace CkanMigrate.Portal;

/// <summary>A portal kind's load: the kind, and the same choices as a core kind's.</summary>
public sealed record PortalLoadOptions : LoadChoices
{
    public required PortalKind Kind { get; init; }
}
