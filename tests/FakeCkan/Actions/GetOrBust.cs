using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>CKAN's _get_or_bust: absent keys are a 409 with a bare "Missing value" string each (not a list).</summary>
internal static class GetOrBust
{
    public static void Require(ActionContext ctx, params string[] keys)
    {
        var missing = new JsonObject();
        foreach (var key in keys) if (!ctx.Params.ContainsKey(key)) missing[key] = "Missing value";
        if (missing.Count > 0) throw CkanActionException.Validation(missing);
    }
}
