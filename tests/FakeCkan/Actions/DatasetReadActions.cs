using System.Text.Json.Nodes;

namespace FakeCkan.Actions;

/// <summary>package_show, package_search, package_list and current_package_list_with_resources.</summary>
internal static partial class DatasetReadActions
{
    public static void Register(IDictionary<string, ActionHandler> actions)
    {
        actions["package_show"] = new(PackageShow, true);
        actions["package_search"] = new(PackageSearch, true);
        actions["package_list"] = new(PackageList, true);
        actions["current_package_list_with_resources"] = new(CurrentPackageListWithResources, true);
    }

    /// <summary>Whether the caller may read a dataset: private, draft and deleted ones need rights (403, not 404).</summary>
    public static bool CanRead(ActionContext ctx, JsonObject d) =>
        ctx.IsSysadmin
        || (Search.IsActivePublic(d))
        || (FakeCkanStore.Str(d, "state") == "draft" && ctx.CallerId is { } me && FakeCkanStore.Str(d, "creator_user_id") == me && d["private"]?.GetValue<bool>() != true);

    private static JsonNode PackageShow(ActionContext ctx)
    {
        var id = ctx.Str("id") ?? ctx.Str("name_or_id");
        if (string.IsNullOrEmpty(id)) throw CkanActionException.Validation("name_or_id", "Missing value");
        var d = ctx.Store.FindDataset(id) ?? throw CkanActionException.NotFound();
        if (!CanRead(ctx, d))
            throw CkanActionException.NotAuthorized($"Access denied: User {ctx.CallerName} not authorized to read package {FakeCkanStore.Str(d, "id")}");
        return Render.Dataset(ctx, d);
    }

    private static readonly HashSet<string> SearchParams = new(StringComparer.Ordinal)
    {
        "q", "fq", "fq_list", "sort", "rows", "start", "facet", "facet.field", "facet.limit", "facet.mincount",
        "qf", "wt", "bf", "boost", "tie", "defType", "mm", "fl", "use_default_schema", "include_private",
        "include_drafts", "include_deleted",
    };

    private static JsonNode PackageSearch(ActionContext ctx)
    {
        var unknown = ctx.Params.Select(p => p.Key)
            .Where(k => !SearchParams.Contains(k) && !k.StartsWith("ext_", StringComparison.Ordinal)
                        || (k == "include_private" && !ctx.AtLeast(2, 6))
                        || (k == "include_drafts" && !ctx.AtLeast(2, 4))
                        || (k == "include_deleted" && !ctx.AtLeast(2, 10))
                        || (k == "fl" && !ctx.AtLeast(2, 7)))
            .ToList();
        if (unknown.Count > 0)
            throw CkanActionException.SearchQuery($"Search Query is invalid: 'Invalid search parameters: [{string.Join(", ", unknown.Select(k => $"'{k}'"))}]'");

        var rows = ctx.Natural("rows") ?? 10;
        rows = Math.Min(rows, ctx.Options.RowsMax);
        var start = ctx.Natural("start") ?? 0;
        var sortText = ctx.Str("sort");
        var sort = Search.ParseSort(sortText);
        var includePrivate = ctx.AtLeast(2, 6) && ctx.Bool("include_private", false) && ctx.IsSysadmin;
        var includeDrafts = ctx.AtLeast(2, 4) && ctx.Bool("include_drafts", false) && ctx.Caller is not null;

        var q = Search.Parse(ctx, ctx.Str("q"));
        var fqText = ctx.Str("fq") ?? "";
        var fq = Search.Parse(ctx, fqText);
        var harvestHidden = ctx.Options.HarvestPlugin && !fqText.Contains("dataset_type:harvest", StringComparison.Ordinal);

        var inIdOrder = sort is [("id", false)];
        bool Visible(JsonObject d)
        {
            var state = FakeCkanStore.Str(d, "state");
            if (state == "draft" && !(includeDrafts && (ctx.IsSysadmin || FakeCkanStore.Str(d, "creator_user_id") == ctx.CallerId))) return false;
            if (d["private"]?.GetValue<bool>() == true && !includePrivate) return false;
            if (harvestHidden && FakeCkanStore.Str(d, "type") == "harvest") return false;
            return q(d);
        }

        // Results come from the index: each dataset as it was when last indexed, not the database row.
        List<JsonObject> matches;
        var start0 = 0;
        if (inIdOrder && IdRange().Match(fqText) is { Success: true } range)
        {
            // A keyset page: the query without its id range, once, then the slice after the range's start.
            var rest = Search.Parse(ctx, fqText.Remove(range.Index, range.Length));
            var key = string.Join("\u0001", ctx.Str("q"), fqText.Remove(range.Index, range.Length), includePrivate, includeDrafts, ctx.CallerId, harvestHidden);
            matches = ctx.Store.Counts.Search(key, () => ctx.Store.IndexedById.Where(d => Visible(d) && rest(d)).ToList());
            var low = Search.Unquote(range.Groups["low"].Value);
            var inclusive = range.Groups["open"].Value == "[";
            start0 = LowerBound(matches, low, inclusive);
        }
        else
        {
            matches = (inIdOrder ? ctx.Store.IndexedById : ctx.Store.IndexedDatasets).Where(d => Visible(d) && fq(d)).ToList();
        }
        var fields = ctx.AtLeast(2, 7) ? SolrDocument.Fields(ctx.Params["fl"]) : null;
        var page = (inIdOrder ? matches.Skip(start0) : Search.Sort(matches, sort)).Skip(start).Take(rows)
            .Select(d => (JsonNode)(fields is null ? Render.Dataset(ctx, d) : SolrDocument.Of(ctx, d, fields))).ToArray();
        return new JsonObject
        {
            ["count"] = matches.Count - start0,
            ["facets"] = new JsonObject(),
            ["results"] = new JsonArray(page),
            ["sort"] = sortText ?? "score desc, metadata_modified desc",
            ["search_facets"] = new JsonObject(),
        };
    }

    /// <summary>The first match whose id is past the range's start (ids are Solr strings: ordinal order).</summary>
    private static int LowerBound(List<JsonObject> byId, string low, bool inclusive)
    {
        var (lo, hi) = (0, byId.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            var c = string.CompareOrdinal(FakeCkanStore.Str(byId[mid], "id"), low);
            if (c > 0 || (inclusive && c == 0)) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>An fq clause <c>id:{"X" TO *}</c> or <c>id:[X TO *]</c>: a keyset listing's moving start.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("""\+?id:(?<open>[\[{])(?<low>"(?:[^"\\]|\\.)*"|[^\s\]}]+) TO \*[\]}]""")]
    private static partial System.Text.RegularExpressions.Regex IdRange();

    private static JsonNode PackageList(ActionContext ctx)
    {
        var limit = ctx.Natural("limit");
        var offset = ctx.Natural("offset") ?? 0;
        var names = ctx.Store.Datasets.Values.Where(Search.IsActivePublic)
            .Select(d => FakeCkanStore.Str(d, "name") ?? "")
            .Order(StringComparer.Ordinal)
            .Skip(offset);
        if (limit is > 0) names = names.Take(limit.Value);
        return new JsonArray(names.Select(n => (JsonNode)n).ToArray());
    }

    private static JsonNode CurrentPackageListWithResources(ActionContext ctx)
    {
        var limit = ctx.Natural("limit");
        var offset = ctx.Natural("offset") ?? 0;
        IEnumerable<JsonObject> rows;
        if (ctx.Legacy)
        {
            // 2.2: a DB query of active datasets, private ones included, newest revision first, no default limit.
            rows = ctx.Store.Datasets.Values.Where(d => FakeCkanStore.Str(d, "state") == "active")
                .OrderByDescending(d => FakeCkanStore.Str(d, "metadata_modified"), StringComparer.Ordinal)
                .ThenBy(d => FakeCkanStore.Str(d, "id"), StringComparer.Ordinal)
                .Skip(offset);
            if (limit is > 0) rows = rows.Take(limit.Value);
        }
        else
        {
            // 2.3+: a package_search wrapper: 10 rows unless a limit is given, capped at rows_max.
            var includePrivate = ctx.AtLeast(2, 6) && ctx.IsSysadmin;
            rows = ctx.Store.IndexedDatasets
                .Where(d => FakeCkanStore.Str(d, "state") == "active" && (includePrivate || d["private"]?.GetValue<bool>() != true))
                .OrderByDescending(d => FakeCkanStore.Str(d, "metadata_modified"), StringComparer.Ordinal)
                .Skip(offset).Take(Math.Min(limit ?? 10, ctx.Options.RowsMax));
        }
        return new JsonArray(rows.Select(d => (JsonNode)Render.Dataset(ctx, d)).ToArray());
    }
}
