using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Load;

namespace CkanMigrate.Portal.Showcases;

/// <summary>
/// The showcase admins made the record's: ckanext_showcase_admin_add for a user missing (an unknown
/// user is a 404, named in the rejection), ckanext_showcase_admin_remove for one the source does
/// not have (sysadmins only, both; recorded).
/// </summary>
internal sealed class ShowcaseAdminsWriter(PortalTarget target)
{
    public async Task<PortalMatch> FindAsync(CancellationToken ct)
    {
        var admins = await target.Client.CallAsync("ckanext_showcase_admin_list", new JsonObject(), ct).ConfigureAwait(false) as JsonArray ?? [];
        return new PortalMatch(ShowcaseForm.Admins(admins.OfType<JsonObject>().Select(a => JsonText.NonEmpty(a["name"])).OfType<string>()));
    }

    public async Task<PortalWrite> WriteAsync(JsonObject record, JsonObject? existing, WriteTally writes, CancellationToken ct)
    {
        var wanted = ShowcaseForm.AdminNames(record);
        var held = existing is null ? [] : ShowcaseForm.AdminNames(existing);
        var refused = new List<string>();
        int added = 0, removed = 0;
        foreach (var user in wanted.Where(u => !held.Contains(u)))
        {
            try
            {
                await target.Client.CallAsync("ckanext_showcase_admin_add", new JsonObject { ["username"] = user }, ct).ConfigureAwait(false);
                added++;
            }
            catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
            {
                refused.Add($"{user}: not a user of the target");
            }
        }
        foreach (var user in held.Where(u => !wanted.Contains(u)))
        {
            await target.Client.CallAsync("ckanext_showcase_admin_remove", new JsonObject { ["username"] = user }, ct).ConfigureAwait(false);
            removed++;
        }
        writes.Add("showcase admins added", added);
        writes.Add("showcase admins removed", removed);
        var note = string.Join(", ", new[] { (added, "added"), (removed, "removed") }.Where(d => d.Item1 > 0).Select(d => $"{d.Item1} {d.Item2}"));
        if (refused.Count > 0) return new PortalWrite(LoadOutcome.Rejected, note.Length == 0 ? null : $"the rest was written: {note}", string.Join("; ", refused));
        return new PortalWrite(held.Count == 0 ? LoadOutcome.Created : LoadOutcome.Updated, note.Length == 0 ? null : note);
    }
}
