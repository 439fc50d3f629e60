using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Concurrency;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Followers;

/// <summary>
/// Who follows what: one record per user who follows anything (<see cref="Followees"/>), read with
/// one followee_list per user (a sysadmin may list anyone's), <c>-p</c> at a time: a portal has far
/// fewer users than datasets, so that is fewer calls than a follower list per dataset, group and
/// user. A user can only follow as themself, so the load follows with a short-lived API token made
/// for each user and revoked at once (<see cref="FollowToken"/>). A run moves followers only with
/// <c>--followers</c>.
/// </summary>
internal sealed class FollowersKind : PortalKind
{
    public override string CliName => "followers";

    public override string RecordName => "a user's follows (user, datasets, users, groups, organizations)";

    internal override (string[] Has, string[] Never) Fields => (["user", "datasets"], ["resources", "views", "collaborators", "name", "key"]);

    internal override string Listing => "followee_list per user";

    internal override bool OnlyWhenAsked => true;

    internal override Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct) =>
        Task.FromResult(asSource
            ? site.Key.Sysadmin ? null : "only a sysadmin key can list what every user follows"
            : site.Capabilities.Version < new Version(2, 9) ? $"CKAN {site.Capabilities} has no API tokens (they came with 2.9), and a user can only follow as themself"
            : site.Key.Sysadmin ? null : "only a sysadmin key can make the short-lived API token each user follows with (a user can only follow as themself)");

    internal override async IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var parameters = new JsonObject();
        if (request.Site.Capabilities.UserListNamesOnly) parameters["all_fields"] = false;
        var wanted = request.Keys.ToHashSet(StringComparer.Ordinal);
        var users = GroupNameLister.Names(await request.Client.CallAsync("user_list", parameters, ct).ConfigureAwait(false))
            .Where(u => wanted.Count == 0 || wanted.Contains(u)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        request.Progress.SetTotal(users.Count);
        await foreach (var item in OrderedParallel.SelectAsync(users.ToAsyncEnumerable(), request.Parallel, (u, c) => ReadAsync(request.Client, u, c), ct).ConfigureAwait(false))
            if (item is not null) yield return item;
            else request.Progress.Advance(); // follows nothing: no record
    }

    private static async Task<DumpItem?> ReadAsync(CkanClient client, string user, CancellationToken ct)
    {
        try
        {
            var rows = await client.CallAsync("followee_list", new JsonObject { ["id"] = user }, ct).ConfigureAwait(false) as JsonArray ?? [];
            var record = Followees.Record(user, rows);
            return Followees.IsEmpty(record) ? null : DumpItem.Ok(user, record);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.NotFound)
        {
            return null; // gone since it was listed
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            return DumpItem.Failed(user, e);
        }
    }

    internal override (string? Id, string? Name) KeyOf(JsonObject record) => (null, JsonText.NonEmpty(record["user"]));

    internal override JsonObject Comparable(JsonObject record)
    {
        var form = new JsonObject();
        foreach (var (field, _, _, _) in Followees.Kinds)
            form[field] = new JsonArray(Followees.Names(record, field).Select(n => (JsonNode)n).ToArray());
        return PortalForms.Canonical(form) as JsonObject ?? new JsonObject();
    }

    internal override IPortalWriter Writer(PortalTarget target) => new FollowersWriter(target);

    /// <summary>A user who stopped following everything at the source: the record that unfollows the rest on the target.</summary>
    internal override JsonObject? Emptied(JsonObject earlier) =>
        Followees.IsEmpty(earlier) ? null : Followees.Record(JsonText.NonEmpty(earlier["user"]) ?? "", []);
}
