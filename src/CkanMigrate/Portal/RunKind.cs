using CkanMigrate.Entities;

namespace CkanMigrate.Portal;

/// <summary>One step of a run's order: a core kind (users, datasets, ...) or a portal kind.</summary>
internal sealed record RunKind(EntityDescriptor? Core, PortalKind? Portal)
{
    public string CliName => Core?.CliName ?? Portal!.CliName;

    public static implicit operator RunKind(EntityDescriptor core) => new(core, null);

    public static implicit operator RunKind(PortalKind portal) => new(null, portal);

    public override string ToString() => CliName;
}
