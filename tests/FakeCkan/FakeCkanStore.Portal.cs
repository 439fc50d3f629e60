using System.Text.Json.Nodes;

namespace FakeCkan;

public sealed partial class FakeCkanStore
{
    private PortalStore? _portal;

    /// <summary>The rest of the portal: views, vocabularies, collaborators, settings, showcases, pages, followers, tokens, activity.</summary>
    public PortalStore Portal => LazyInitializer.EnsureInitialized(ref _portal, () => new PortalStore(this));

    /// <summary>
    /// The search index's current copy of a dataset, or null when indexing is paused or the dataset
    /// is not indexed (deleted). A write replaces the copy rather than changing it, so the activity
    /// stream can keep it as the dataset as it was, at no cost for a bulk load (callers hold Gate).
    /// </summary>
    internal JsonObject? CurrentIndexCopy(string id) => _indexPaused ? null : _index.GetValueOrDefault(id);

    /// <summary>Applies a change to a stored user, as an edit on the site would.</summary>
    public void EditUser(string idOrName, Action<JsonObject> change)
    {
        Counts.Invalidate();
        lock (Gate) change(FindUser(idOrName) ?? throw new KeyNotFoundException(idOrName));
    }
}
