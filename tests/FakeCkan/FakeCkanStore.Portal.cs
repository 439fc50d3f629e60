using System.Text.Json.Nodes;

namespace FakeCkan;

public sealed partial class FakeCkanStore
{
    private PortalStore? _portal;

    /// <summary>The rest of the portal: views, vocabularies, collaborators, settings, showcases, pages, followers, tokens, activity.</summary>
    public PortalStore Portal => LazyInitializer.EnsureInitialized(ref _portal, () => new PortalStore(this));

    /// <summary>Applies a change to a stored user, as an edit on the site would.</summary>
    public void EditUser(string idOrName, Action<JsonObject> change)
    {
        Counts.Invalidate();
        lock (Gate) change(FindUser(idOrName) ?? throw new KeyNotFoundException(idOrName));
    }
}
