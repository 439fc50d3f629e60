using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Concurrency;
using CkanMigrate.Dump;
using CkanMigrate.JsonLines;

namespace CkanMigrate.Portal.Collaborators;

/// <summary>
/// The source's collaborators, read per user (package_collaborator_list_for_user, <c>-p</c> at a
/// time) rather than per dataset: a portal has far fewer users than datasets, and few collaborators
/// at all, so one call per user finds them all at a fraction of the calls. The rows are then put
/// together per dataset (few, held in memory), each dataset named from the datasets dump when there
/// is one, else by one package_show; collaborators of a deleted dataset are not part of the portal.
/// </summary>
internal static class CollaboratorsDump
{
    public static async IAsyncEnumerable<DumpItem> ReadAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var parameters = new JsonObject();
        if (request.Site.Capabilities.UserListNamesOnly) parameters["all_fields"] = false;
        var users = GroupNameLister.Names(await request.Client.CallAsync("user_list", parameters, ct).ConfigureAwait(false)).Distinct(StringComparer.Ordinal).ToList();

        var byDataset = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        await foreach (var (user, rows, failure) in OrderedParallel.SelectAsync(users.ToAsyncEnumerable(), request.Parallel, (u, c) => RowsAsync(request.Client, u, c), ct).ConfigureAwait(false))
        {
            if (failure is not null)
            {
                yield return failure;
                continue;
            }
            foreach (var row in rows.OfType<JsonObject>())
                if (JsonText.NonEmpty(row["package_id"]) is { } dataset)
                {
                    if (!byDataset.TryGetValue(dataset, out var members)) byDataset[dataset] = members = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    members[user] = JsonText.NonEmpty(row["capacity"]) ?? "member";
                }
        }
        var wanted = request.Keys.ToHashSet(StringComparer.Ordinal);
        var names = await NamesAsync(request, byDataset.Keys.ToHashSet(StringComparer.Ordinal), ct).ConfigureAwait(false);
        var records = byDataset
            .Where(d => names.TryGetValue(d.Key, out var name) && name is not null && (wanted.Count == 0 || wanted.Contains(d.Key) || wanted.Contains(name)))
            .Select(d => Record(d.Key, names[d.Key]!, d.Value))
            .OrderBy(r => JsonText.NonEmpty(r["package_name"]), StringComparer.Ordinal).ToList();
        request.Progress.SetTotal(records.Count);
        foreach (var record in records) yield return DumpItem.Ok(JsonText.NonEmpty(record["package_id"])!, record);
    }

    private static async Task<(string User, JsonArray Rows, DumpItem? Failure)> RowsAsync(CkanClient client, string user, CancellationToken ct)
    {
        try
        {
            return (user, await client.CallAsync("package_collaborator_list_for_user", new JsonObject { ["id"] = user }, ct).ConfigureAwait(false) as JsonArray ?? [], null);
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return (user, [], DumpItem.Failed($"user {user}", e));
        }
        catch (CkanApiException e) when (e.MayBeTheRecord)
        {
            // Still failing after the retries while the site answers otherwise: this user's rows break it, not the site.
            if (!await client.SiteAnswersAsync(ct).ConfigureAwait(false)) throw;
            return (user, [], DumpItem.Failed($"user {user}", e));
        }
    }

    /// <summary>Each dataset's name, or null for one deleted or gone (its collaborators are not moved).</summary>
    private static async Task<Dictionary<string, string?>> NamesAsync(PortalDumpRequest request, HashSet<string> ids, CancellationToken ct)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (request.Datasets is { } file)
            await foreach (var line in JsonLinesReader.ReadAsync(file, ct).ConfigureAwait(false))
                if (!line.IsBlank && line.TryParseObject(out var dataset, out _) && JsonText.NonEmpty(dataset!["id"]) is { } id && ids.Contains(id))
                    names[id] = JsonText.NonEmpty(dataset["state"]) == "deleted" ? null : JsonText.NonEmpty(dataset["name"]);
        var unknown = ids.Where(id => !names.ContainsKey(id)).Order(StringComparer.Ordinal).ToAsyncEnumerable();
        await foreach (var (id, name) in OrderedParallel.SelectAsync(unknown, request.Parallel, (id, c) => ShowNameAsync(request.Client, id, c), ct).ConfigureAwait(false))
            names[id] = name;
        return names;
    }

    private static async Task<(string Id, string? Name)> ShowNameAsync(CkanClient client, string id, CancellationToken ct)
    {
        try
        {
            var dataset = await client.CallAsync("package_show", new JsonObject { ["id"] = id }, ct).ConfigureAwait(false) as JsonObject;
            return (id, JsonText.NonEmpty(dataset?["state"]) == "deleted" ? null : JsonText.NonEmpty(dataset?["name"]));
        }
        catch (CkanApiException e) when (e.Kind is CkanErrorKind.NotFound)
        {
            return (id, null);
        }
    }

    private static JsonObject Record(string datasetId, string datasetName, SortedDictionary<string, string> members) => new()
    {
        ["package_id"] = datasetId,
        ["package_name"] = datasetName,
        ["collaborators"] = new JsonArray(members.Select(m => (JsonNode)new JsonObject { ["name"] = m.Key, ["capacity"] = m.Value }).ToArray()),
    };
}
