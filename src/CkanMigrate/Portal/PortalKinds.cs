namespace CkanMigrate.Portal;

/// <summary>Every portal kind, by name. Where each sits in a run is <see cref="RunOrder"/>'s.</summary>
public static class PortalKinds
{
    public static readonly PortalKind Vocabularies = new Vocabularies.VocabulariesKind();

    public static readonly PortalKind Views = new Views.ViewsKind();

    public static readonly PortalKind Collaborators = new Collaborators.CollaboratorsKind();

    public static readonly PortalKind Showcases = new Showcases.ShowcasesKind();

    public static readonly PortalKind Pages = new Pages.PagesKind();

    public static readonly PortalKind Followers = new Followers.FollowersKind();

    public static readonly PortalKind SiteConfig = new SiteConfig.SiteConfigKind();

    /// <summary>The activity streams: dumped as an archive, never loaded, so no step of a run.</summary>
    public static readonly PortalKind Activity = new Activity.ActivityKind();

    /// <summary>The kinds that are no step of a run: dumped by name only.</summary>
    public static readonly IReadOnlyList<PortalKind> ArchiveOnly = [Activity];

    public static IEnumerable<PortalKind> All => RunOrder.All.Select(k => k.Portal).OfType<PortalKind>().Concat(ArchiveOnly);

    /// <summary>The kind a command line names ("views", "showcases", "site-config", ...), or false.</summary>
    public static bool TryParse(string name, out PortalKind kind)
    {
        var key = name.Trim().ToLowerInvariant();
        kind = All.FirstOrDefault(k => k.CliName == key)!;
        return kind is not null;
    }

    /// <summary>The names, for usage lines.</summary>
    public static string Names => string.Join(", ", All.Select(k => k.CliName));
}
