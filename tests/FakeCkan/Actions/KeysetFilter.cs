using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>A 2.12 range filter on a number column ({"gt": n}, "gte", "lt", "lte"), as next_page gives it for _id.</summary>
internal static class KeysetFilter
{
    public static bool Holds(JsonNode? value, JsonObject range)
    {
        if (value is not JsonValue v || !v.TryGetValue<long>(out var n)) return false;
        foreach (var (op, bound) in range)
        {
            if (bound is not JsonValue b || !b.TryGetValue<long>(out var limit)) throw CkanActionException.Validation("filters", $"invalid value for {op}");
            var holds = op switch
            {
                "gt" => n > limit,
                "gte" => n >= limit,
                "lt" => n < limit,
                "lte" => n <= limit,
                _ => throw CkanActionException.Validation("filters", $"unknown operator {op}"),
            };
            if (!holds) return false;
        }
        return true;
    }
}
