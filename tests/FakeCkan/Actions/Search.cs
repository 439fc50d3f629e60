using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>
/// A small stand-in for CKAN's Solr query: the q and fq clauses a migration tool sends
/// (<c>*:*</c>, <c>field:value</c>, <c>+/-</c> prefixes, <c>metadata_modified:[X TO *]</c>) and the sorts it uses.
/// </summary>
internal static partial class Search
{
    public static bool IsActivePublic(JsonObject d) =>
        FakeCkanStore.Str(d, "state") == "active" && d["private"]?.GetValue<bool>() != true;

    public static readonly HashSet<string> SortFields = new(StringComparer.Ordinal)
    {
        "id", "name", "title_string", "metadata_modified", "metadata_created", "score",
    };

    /// <summary>Parses "field dir, field dir"; invalid sorts are a Search Query Error as in CKAN.</summary>
    public static List<(string Field, bool Descending)> ParseSort(string? sort)
    {
        var result = new List<(string, bool)>();
        foreach (var part in (sort ?? "score desc, metadata_modified desc").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bits = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (bits.Length != 2 || !SortFields.Contains(bits[0]) || bits[1] is not ("asc" or "desc"))
                throw CkanActionException.SearchQuery("Search Query is invalid: 'Invalid \"sort\" parameter'");
            result.Add((bits[0], bits[1] == "desc"));
        }
        return result;
    }

    public static IEnumerable<JsonObject> Sort(IEnumerable<JsonObject> items, List<(string Field, bool Descending)> sort)
    {
        IOrderedEnumerable<JsonObject>? ordered = null;
        foreach (var (field, desc) in sort)
        {
            if (field == "score") continue; // every match scores alike here
            var key = field == "title_string" ? "title" : field;
            Func<JsonObject, string> selector = d => FakeCkanStore.Str(d, key) ?? "";
            ordered = ordered is null
                ? desc ? items.OrderByDescending(selector, StringComparer.Ordinal) : items.OrderBy(selector, StringComparer.Ordinal)
                : desc ? ordered.ThenByDescending(selector, StringComparer.Ordinal) : ordered.ThenBy(selector, StringComparer.Ordinal);
        }
        return ordered ?? items;
    }

    /// <summary>A predicate for a q or fq string. Unknown shapes match as free text on name and title.</summary>
    public static Func<JsonObject, bool> Parse(ActionContext ctx, string? query)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Trim() == "*:*") return _ => true;
        if (Alternatives(query) is { Count: > 1 } alternatives)
        {
            var any = alternatives.Select(a => Parse(ctx, a)).ToList();
            return d => any.Any(p => p(d));
        }
        var predicates = new List<Func<JsonObject, bool>>();
        foreach (Match m in Clause().Matches(query))
        {
            var sign = m.Groups["sign"].Value;
            var field = m.Groups["field"].Value;
            var value = m.Groups["value"].Value.Trim('"');
            Func<JsonObject, bool> test = field.Length == 0 ? FreeText(value) : Field(ctx, field, value);
            predicates.Add(sign == "-" ? d => !test(d) : test);
        }
        return d => predicates.All(p => p(d));
    }

    /// <summary>The parts of "a OR b" outside ranges and quotes (Solr's OR between clauses).</summary>
    private static List<string> Alternatives(string query)
    {
        var parts = new List<string>();
        var (depth, quoted, start) = (0, false, 0);
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '[' or '{') depth++;
            else if (!quoted && c is ']' or '}') depth--;
            else if (!quoted && depth == 0 && string.CompareOrdinal(query, i, " OR ", 0, 4) == 0)
            {
                parts.Add(query[start..i]);
                start = i + 4;
                i += 3;
            }
        }
        parts.Add(query[start..]);
        return parts;
    }

    private static Func<JsonObject, bool> FreeText(string text) => d =>
        text == "*" || (FakeCkanStore.Str(d, "name") ?? "").Contains(text, StringComparison.OrdinalIgnoreCase)
        || (FakeCkanStore.Str(d, "title") ?? "").Contains(text, StringComparison.OrdinalIgnoreCase);

    private static Func<JsonObject, bool> Field(ActionContext ctx, string field, string value)
    {
        if (value.Length > 1 && value[0] is '[' or '{' && value[^1] is ']' or '}')
            return Range(field, value);
        // Solr indexes a vocabulary's tags under vocab_<vocabulary name>.
        if (field.StartsWith("vocab_", StringComparison.Ordinal)) return VocabularyTags.Matches(ctx, field["vocab_".Length..], value);
        return field switch
        {
            "organization" => d => OrgName(ctx, d) == value,
            "owner_org" => d => FakeCkanStore.Str(d, "owner_org") == value,
            "dataset_type" or "type" => d => (FakeCkanStore.Str(d, "type") ?? "dataset") == value,
            "capacity" => d => (d["private"]?.GetValue<bool>() == true ? "private" : "public") == value,
            "groups" => d => (d["groups"] as JsonArray ?? []).OfType<JsonObject>().Any(g => FakeCkanStore.Str(g, "name") == value),
            "tags" => d => (d["tags"] as JsonArray ?? []).OfType<JsonObject>().Any(g => FakeCkanStore.Str(g, "name") == value),
            _ when value.Length > 1 && value.EndsWith('*') => d => FakeCkanStore.Str(d, field)?.StartsWith(value[..^1], StringComparison.Ordinal) == true, // a Solr prefix query
            _ => d => value == "*" ? d[field] is not null : FakeCkanStore.Str(d, field) == value,
        };
    }

    /// <summary>
    /// A Solr range, <c>[a TO b]</c> inclusive or <c>{a TO b}</c> exclusive (either end, * = open):
    /// dates for the date fields, the string order for the rest (ids and names are Solr strings).
    /// </summary>
    private static Func<JsonObject, bool> Range(string field, string value)
    {
        var bounds = value[1..^1].Split(" TO ", StringSplitOptions.TrimEntries);
        var (low, high) = (Unquote(bounds[0]), bounds.Length > 1 ? Unquote(bounds[1]) : "*");
        var (lowInclusive, highInclusive) = (value[0] == '[', value[^1] == ']');
        if (field is "metadata_modified" or "metadata_created")
        {
            var from = ParseSolrDate(low);
            var to = ParseSolrDate(high);
            return d => FakeCkanStore.Str(d, field) is { } s
                        && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                        && (from is null || (lowInclusive ? t >= from : t > from)) && (to is null || (highInclusive ? t <= to : t < to));
        }
        return d => FakeCkanStore.Str(d, field) is { } s
                    && (low == "*" || (lowInclusive ? string.CompareOrdinal(s, low) >= 0 : string.CompareOrdinal(s, low) > 0))
                    && (high == "*" || (highInclusive ? string.CompareOrdinal(s, high) <= 0 : string.CompareOrdinal(s, high) < 0));
    }

    internal static string Unquote(string bound) =>
        bound.Length > 1 && bound[0] == '"' && bound[^1] == '"' ? bound[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : bound;

    private static string? OrgName(ActionContext ctx, JsonObject d) =>
        FakeCkanStore.Str(d, "owner_org") is { } id ? FakeCkanStore.Str(ctx.Store.FindGroup(id, organization: true), "name") : null;

    /// <summary>Solr date syntax: a Z-terminated ISO instant or *; NOW maths is read as "now minus days".</summary>
    private static DateTime? ParseSolrDate(string text)
    {
        if (text == "*") return null;
        var now = Regex.Match(text, @"^NOW(-(\d+)DAYS?)?$");
        if (now.Success)
            return DateTime.UtcNow.AddDays(now.Groups[2].Success ? -int.Parse(now.Groups[2].Value, CultureInfo.InvariantCulture) : 0);
        if (!text.EndsWith('Z'))
            throw new CkanActionException(409, new JsonObject { ["__type"] = "Search Error", ["message"] = $"SOLR returned an error running query: Invalid Date String:'{text}'" });
        return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    [GeneratedRegex("""(?<sign>[+-]?)(?:(?<field>[A-Za-z_][A-Za-z0-9_-]*):)?(?<value>[\[{][^\]}]*[\]}]|"[^"]*"|[^\s]+)""")]
    private static partial Regex Clause();
}
