using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>
/// What CKAN 2.11 does with an <c>id</c> sent on create (ckan/logic/schema.py, validators.py): a
/// non-sysadmin may not send one on a dataset, organization, group or package/group extra ("The
/// input field id was not expected."); a sysadmin's must pass uuid_validator ("Invalid id
/// provided"), which is Python's <c>uuid.UUID(value)</c>: the value is kept as sent, so a 32-hex id
/// without dashes or a UUID in braces is stored as it came. Resources take a UUID from anyone.
/// </summary>
internal static partial class IdRules
{
    public const string Invalid = "Invalid id provided";
    public const string NotExpected = "The input field id was not expected.";

    /// <summary>
    /// uuid.UUID(value): "urn:" and "uuid:" removed, braces stripped from both ends, every dash
    /// removed, then exactly 32 characters that int(x, 16) reads (which allows a sign, a 0x prefix,
    /// underscores between digits and surrounding white space).
    /// </summary>
    public static bool IsUuid(string value)
    {
        var hex = value.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return hex.Length == 32 && PythonHexInt().IsMatch(hex);
    }

    [GeneratedRegex(@"^\s*[+-]?(0[xX]_?)?[0-9a-fA-F](_?[0-9a-fA-F])*\s*$")]
    private static partial Regex PythonHexInt();

    /// <summary>
    /// The error for an <c>id</c> a create's schema refuses on 2.11, or null: ignore_missing,
    /// empty_if_not_sysadmin (an empty value passes for a non-sysadmin), uuid_validator.
    /// </summary>
    public static string? Refusal(ActionContext ctx, JsonNode? id)
    {
        if (id is null) return null;
        var text = id is JsonValue v && v.TryGetValue<string>(out var s) ? s : id.ToJsonString();
        if (!ctx.IsSysadmin) return text.Length > 0 ? NotExpected : null;
        return IsUuid(text) ? null : Invalid;
    }

    /// <summary>A resource's id: 2.11 wants a UUID (from anyone); 2.10.1+ only checks its characters and length.</summary>
    public static string? ResourceRefusal(ActionContext ctx, string id)
    {
        if (ctx.AtLeast(2, 11)) return IsUuid(id) ? null : Invalid;
        return ctx.AtLeast(2, 10, 1) && !Validation.ResourceIdPattern().IsMatch(id) ? "Invalid resource ID" : null;
    }

    /// <summary>2.11's default_extras_schema checks an extra's id as above: the error goes in that extra's slot.</summary>
    public static bool CheckExtra(ActionContext ctx, JsonObject extra, JsonObject slot)
    {
        if (!ctx.AtLeast(2, 11) || Refusal(ctx, extra["id"]) is not { } error) return false;
        slot["id"] = new JsonArray(error);
        return true;
    }

    /// <summary>
    /// Group and organization extras (create and update share default_extras_schema): the list of
    /// per-extra errors — a key is not_empty in every version, an id (2.11) must pass as above — or
    /// null when every extra passes or none was sent.
    /// </summary>
    public static JsonArray? ExtraErrors(ActionContext ctx, JsonNode? extras)
    {
        if (extras is not JsonArray list) return null;
        var slots = new JsonArray();
        var any = false;
        foreach (var node in list)
        {
            var slot = new JsonObject();
            if (node is JsonObject extra)
            {
                any |= CheckExtra(ctx, extra, slot);
                any |= EmptyKey(extra, slot);
            }
            slots.Add(slot);
        }
        return any ? slots : null;
    }

    /// <summary>An extra's key is not_empty (default_extras_schema, every version): the error goes in that extra's slot.</summary>
    public static bool EmptyKey(JsonObject extra, JsonObject slot)
    {
        if (!string.IsNullOrEmpty(FakeCkanStore.Str(extra, "key"))) return false;
        slot["key"] = new JsonArray("Missing value");
        return true;
    }
}
