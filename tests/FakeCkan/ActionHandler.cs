using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>One action: the function, and whether CKAN lets it be called with GET (side-effect free).</summary>
public sealed record ActionHandler(Func<ActionContext, JsonNode?> Run, bool SideEffectFree, Version? Since = null, bool Harvest = false);
