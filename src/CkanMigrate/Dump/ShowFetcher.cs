using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Entities;

namespace CkanMigrate.Dump;

/// <summary>
/// Fetches one record with its kind's *_show, asking for what a migration needs (members and extras
/// of organizations, password hashes of users) and leaving out what it must not carry (the dataset
/// lists of organizations, 2.2's activity stream on users).
/// </summary>
internal sealed class ShowFetcher(CkanClient client, CkanSiteInfo site, EntityDescriptor entity)
{
    public async Task<DumpItem> FetchAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.CallAsync(entity.ShowAction, Parameters(key), cancellationToken).ConfigureAwait(false);
            if (result is not JsonObject record)
                return DumpItem.Failed(key, new CkanApiException(entity.ShowAction, CkanErrorKind.NotCkan, 200, "the result is not an object"));
            Trim(record);
            return DumpItem.Ok(key, record);
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            // Gone since it was listed, or hidden from this key: a failed record, not a failed run.
            return DumpItem.Failed(key, e);
        }
        catch (CkanApiException e) when (e.MayBeTheRecord)
        {
            // Still failing after the retries while the site answers otherwise: this record breaks it.
            if (!await client.SiteAnswersAsync(cancellationToken).ConfigureAwait(false)) throw;
            return DumpItem.Failed(key, e);
        }
    }

    private JsonObject Parameters(string key)
    {
        var p = new JsonObject { ["id"] = key };
        switch (entity.Kind)
        {
            case EntityKind.Organizations or EntityKind.Groups:
                p["include_datasets"] = false;
                p["include_users"] = true;
                p["include_extras"] = true;
                break;
            case EntityKind.Users:
                if (site.Capabilities.PasswordHashes && client.HasApiKey) p["include_password_hash"] = true;
                p["include_datasets"] = false;
                break;
        }
        return p;
    }

    private void Trim(JsonObject record)
    {
        switch (entity.Kind)
        {
            case EntityKind.Organizations or EntityKind.Groups:
                record.Remove("packages"); // 2.2 lists up to 1000 datasets here by default
                break;
            case EntityKind.Users:
                record.Remove("activity"); // 2.2 adds the last 20 revisions and 50 datasets
                record.Remove("datasets");
                break;
        }
    }
}
