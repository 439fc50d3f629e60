using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Dump;

namespace CkanMigrate.Portal.Activity;

/// <summary>
/// The activity streams, as a read-only archive for audit: one record per activity, as the site's
/// *_activity_list gives it, with the stream it was read from. They cannot be loaded:
/// activity_create stores the server's time and a new id whatever it is given (recorded on 2.10 and
/// 2.11), so a target's history starts at the migration. Not part of a run, and never compared.
/// </summary>
internal sealed class ActivityKind : PortalKind
{
    public override string CliName => "activity";

    public override string RecordName => "an activity (activity_type, timestamp)";

    internal override (string[] Has, string[] Never) Fields => (["activity_type", "timestamp"], ["resources", "views", "collaborators"]);

    internal override string Listing => "package_, organization_, group_ and user_activity_list per object, 100 a page";

    public override string? LoadRefused =>
        "activity streams cannot be loaded: CKAN's activity_create ignores the id and time it is given (it stores the server's time and a new id), " +
        "so the history would be false; a dump of them is the source's read-only archive, and the target's history starts at the migration";

    /// <summary>Asked: the activity plugin (2.10+) or core (before) answers package_activity_list.</summary>
    internal override async Task<string?> MissingAsync(CkanClient client, CkanSiteInfo site, bool asSource, CancellationToken ct)
    {
        try
        {
            await client.CallAsync("package_activity_list", new JsonObject { ["id"] = Preflight.TargetProbes.NotAUuid, ["limit"] = 1 }, ct).ConfigureAwait(false);
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.BadRequest)
        {
            return "the site keeps no activity streams (no package_activity_list: the activity plugin is not enabled)";
        }
        catch (CkanApiException e) when (!e.IsTransient)
        {
            // Not found, or not allowed: the action is there.
        }
        return null;
    }

    internal override IAsyncEnumerable<DumpItem> DumpAsync(PortalDumpRequest request, CancellationToken ct) => ActivityDump.ReadAsync(request, ct);

    internal override (string? Id, string? Name) KeyOf(JsonObject record) => (JsonText.NonEmpty(record["id"]), null);

    internal override JsonObject Comparable(JsonObject record) => (JsonObject)record.DeepClone();

    internal override IPortalWriter Writer(PortalTarget target) => throw new InvalidOperationException(LoadRefused);
}
