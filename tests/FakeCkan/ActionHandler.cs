using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>One action: the function, and whether CKAN lets it be called with GET (side-effect free).</summary>
public sealed record ActionHandler(Func<ActionContext, JsonNode?> Run, bool SideEffectFree, Version? Since = null, bool Harvest = false)
{
    /// <summary>An action of the datastore plugin: unknown when the site does not load it.</summary>
    public bool DataStore { get; init; }
}
