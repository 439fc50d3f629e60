using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Collaborators;

/// <summary>
/// Makes a target dataset's collaborators exactly the record's: package_collaborator_create for one
/// missing or holding another capacity (it changes the capacity of one already there, recorded),
/// package_collaborator_delete for one the source does not have. A collaborator the target cannot
/// take — an unknown user, the admin capacity where allow_admin_collaborators is off — is named in
/// the record's rejection; the others are written.
/// </summary>
internal sealed class CollaboratorsWriter(PortalTarget target) : IPortalWriter
{
    private readonly WriteTally _writes = new();
    private Dictionary<string, string> _userNames = new(StringComparer.Ordinal);
    private bool? _adminAllowed;

    private CkanClient Client => target.Client;

    public IReadOnlyDictionary<string, long> Writes => _writes.Counts;

    /// <summary>The admin capacity's setting, and the target's users by id (collaborator rows name users by id; records by name).</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        _adminAllowed = await CollaboratorSettings.AdminAllowedAsync(Client, target.Site, ct).ConfigureAwait(false);
        var parameters = new JsonObject();
        if (target.Site.Capabilities.UserListNamesOnly) parameters["all_fields"] = true;
        var users = await Client.CallAsync("user_list", parameters, ct).ConfigureAwait(false) as JsonArray ?? [];
        _userNames = users.OfType<JsonObject>().Where(u => JsonText.NonEmpty(u["id"]) is not null && JsonText.NonEmpty(u["name"]) is not null)
            .ToDictionary(u => JsonText.NonEmpty(u["id"])!, u => JsonText.NonEmpty(u["name"])!, StringComparer.Ordinal);
    }

    public string? CannotHold(JsonObject record)
    {
        if (_adminAllowed != false) return null;
        var admins = CollaboratorsKind.Members(record).Where(m => m.Value == "admin").Select(m => m.Key).ToList();
        return admins.Count == 0 ? null : $"{AdminRefused} ({string.Join(", ", admins)})";
    }

    private const string AdminRefused = "the target does not allow admin collaborators (ckan.auth.allow_admin_collaborators is off)";

    /// <summary>The dataset's collaborators on the target: the dataset by id, then by name.</summary>
    public async Task<PortalMatch> FindAsync(JsonObject record, CancellationToken ct)
    {
        foreach (var key in new[] { JsonText.NonEmpty(record["package_id"]), JsonText.NonEmpty(record["package_name"]) })
        {
            if (key is null) continue;
            try
            {
                var rows = await Client.CallAsync("package_collaborator_list", new JsonObject { ["id"] = key }, ct).ConfigureAwait(false) as JsonArray ?? [];
                var datasetId = rows.OfType<JsonObject>().Select(r => JsonText.NonEmpty(r["package_id"])).FirstOrDefault(id => id is not null) ?? key;
                return new PortalMatch(new JsonObject
                {
                    ["package_id"] = datasetId,
                    ["package_name"] = record["package_name"]?.DeepClone(),
                    ["collaborators"] = new JsonArray(rows.OfType<JsonObject>().Select(r => (JsonNode)new JsonObject
                    {
                        ["name"] = _userNames.GetValueOrDefault(JsonText.NonEmpty(r["user_id"]) ?? "", JsonText.NonEmpty(r["user_id"]) ?? ""),
                        ["capacity"] = r["capacity"]?.DeepClone(),
                    }).ToArray()),
                });
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
            {
            }
        }
        return target.DryRun ? PortalMatch.None // its dataset is still to be created by this run
            : PortalMatch.Refuse($"dataset {JsonText.NonEmpty(record["package_name"]) ?? JsonText.NonEmpty(record["package_id"])} is not on the target: load datasets first");
    }

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, CancellationToken ct)
    {
        var dataset = JsonText.NonEmpty(existing?["package_id"]) ?? JsonText.NonEmpty(record["package_id"]) ?? JsonText.NonEmpty(record["package_name"])!;
        var wanted = CollaboratorsKind.Members(record);
        var held = existing is null ? new SortedDictionary<string, string>() : CollaboratorsKind.Members(existing);
        var refused = new List<string>();
        int added = 0, changed = 0, removed = 0;
        foreach (var (user, capacity) in wanted)
        {
            if (held.TryGetValue(user, out var now) && now == capacity) continue;
            try
            {
                await Client.CallAsync("package_collaborator_create", new JsonObject { ["id"] = dataset, ["user_id"] = user, ["capacity"] = capacity }, ct).ConfigureAwait(false);
                if (now is null) added++;
                else changed++;
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
            {
                refused.Add($"{user}: not a user of the target");
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation && CollaboratorSettings.Says(e, "Role must be one of"))
            {
                refused.Add($"{user} ({capacity}): {(capacity == "admin" ? AdminRefused : e.Message)}");
            }
        }
        foreach (var user in held.Keys.Where(u => !wanted.ContainsKey(u)))
        {
            await Client.CallAsync("package_collaborator_delete", new JsonObject { ["id"] = dataset, ["user_id"] = user }, ct).ConfigureAwait(false);
            removed++;
        }
        _writes.Add("collaborators added", added);
        _writes.Add("collaborators changed", changed);
        _writes.Add("collaborators removed", removed);
        var done = string.Join(", ", new[] { (added, "added"), (changed, "changed capacity"), (removed, "removed") }.Where(d => d.Item1 > 0).Select(d => $"{d.Item1} {d.Item2}"));
        var note = done.Length == 0 ? null : done;
        if (refused.Count > 0) return new PortalWrite(LoadOutcome.Rejected, note is null ? null : $"the rest was written: {note}", string.Join("; ", refused));
        return new PortalWrite(held.Count == 0 ? LoadOutcome.Created : LoadOutcome.Updated, note);
    }
}
