namespace CkanMigrate.Portal;

/// <summary>Every portal kind, by name. Where each sits in a run is <see cref="RunOrder"/>'s.</summary>
public static class PortalKinds
{
    public static readonly PortalKind Vocabularies = new Vocabularies.VocabulariesKind();

    public static readonly PortalKind Views = new Views.ViewsKind();

    public static readonly PortalKind Collaborators = new Collaborators.CollaboratorsKind();

    public static IEnumerable<PortalKind> All => RunOrder.All.Select(k => k.Portal).OfType<PortalKind>();

    /// <summary>The kind a command line names ("views", "vocabularies", "collaborators"), or false.</summary>
    public static bool TryParse(string name, out PortalKind kind)
    {
        var key = name.Trim().ToLowerInvariant();
        kind = All.FirstOrDefault(k => k.CliName == key)!;
        return kind is not null;
    }

    /// <summary>The names, for usage lines.</summary>
    public static string Names => string.Join(", ", All.Select(k => k.CliName));
}
