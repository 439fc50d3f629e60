using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Concurrency;
using CkanMigrate.Dump;
using CkanMigrate.Indexing;

namespace CkanMigrate.Portal.Activity;

/// <summary>
/// Every activity once: the streams of each dataset, organization, group and user (an
/// organization's or a user's stream repeats its datasets' activities, so each activity is kept
/// from the first stream that gives it), <c>-p</c> objects at a time, each stream newest first and
/// paged by offset until an empty page (the site caps a page at ckan.activity_list_limit_max,
/// which it does not say). A sysadmin's key also reads the activity the site hides (its own,
/// harvests). Datasets named on the command line: only their streams.
/// </summary>
internal static class ActivityDump
{
    private const int Page = 100;

    private static readonly (string Stream, string Action)[] Streams =
        [("package", "package_activity_list"), ("organization", "organization_activity_list"), ("group", "group_activity_list"), ("user", "user_activity_list")];

    public static async IAsyncEnumerable<DumpItem> ReadAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        using var seen = new SeenKeys();
        foreach (var (stream, action) in Streams)
        {
            var objects = ObjectsAsync(request, stream, ct);
            await foreach (var (id, activities, failure) in OrderedParallel.SelectAsync(objects, request.Parallel, (o, c) => StreamAsync(request, action, o, c), ct).ConfigureAwait(false))
            {
                if (failure is not null)
                {
                    request.Progress.AddToTotal(1);
                    yield return failure;
                    continue;
                }
                foreach (var activity in activities)
                {
                    if (JsonText.NonEmpty(activity["id"]) is not { } activityId || seen.Contains(activityId)) continue;
                    seen.Add(activityId);
                    activity["stream"] = stream;
                    activity["stream_object"] = id;
                    request.Progress.AddToTotal(1);
                    yield return DumpItem.Ok(activityId, activity);
                }
            }
        }
    }

    /// <summary>The objects of one kind of stream, by id or name.</summary>
    private static async IAsyncEnumerable<string> ObjectsAsync(PortalDumpRequest request, string stream, [EnumeratorCancellation] CancellationToken ct)
    {
        if (request.Keys.Count > 0)
        {
            if (stream == "package") foreach (var key in request.Keys) yield return key;
            yield break;
        }
        switch (stream)
        {
            case "package":
                var pager = new PackageSearchPager(request.Client, request.Site, 1000);
                await foreach (var item in pager.ReadAllAsync(new Reporting.ProgressCounter("datasets"), null, ct, "id,name").ConfigureAwait(false))
                    if (item.Id is { Length: > 0 } id) yield return id;
                break;
            case "organization" or "group":
                await foreach (var name in GroupNameLister.ListAsync(request.Client, request.Site, $"{stream}_list", 1000, ct).ConfigureAwait(false))
                    yield return name;
                break;
            default:
                var parameters = new JsonObject();
                if (request.Site.Capabilities.UserListNamesOnly) parameters["all_fields"] = false;
                foreach (var name in GroupNameLister.Names(await request.Client.CallAsync("user_list", parameters, ct).ConfigureAwait(false)).Distinct(StringComparer.Ordinal))
                    yield return name;
                break;
        }
    }

    /// <summary>One object's whole stream, page by page; or why it could not be read.</summary>
    private static async Task<(string Id, List<JsonObject> Activities, DumpItem? Failure)> StreamAsync(PortalDumpRequest request, string action, string id, CancellationToken ct)
    {
        var activities = new List<JsonObject>();
        try
        {
            while (true)
            {
                var parameters = new JsonObject { ["id"] = id, ["offset"] = activities.Count, ["limit"] = Page };
                if (request.Site.Key.Sysadmin) parameters["include_hidden_activity"] = true;
                var page = await request.Client.CallAsync(action, parameters, ct).ConfigureAwait(false) as JsonArray ?? [];
                var rows = page.OfType<JsonObject>().ToList();
                // An empty page ends the stream; so does one the site gave already (a site that ignores the offset would loop).
                if (rows.Count == 0 || activities.Count > 0 && JsonText.NonEmpty(rows[0]["id"]) is { } first && activities.Any(a => JsonText.NonEmpty(a["id"]) == first))
                    return (id, activities, null);
                foreach (var row in rows) activities.Add(PortalForms.Detached(row));
            }
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return (id, [], null); // gone since it was listed
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return (id, [], DumpItem.Failed($"{action} {id}", e));
        }
    }
}
