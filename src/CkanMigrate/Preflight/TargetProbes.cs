using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.Comparison;
using CkanMigrate.Entities;

namespace CkanMigrate.Preflight;

/// <summary>
/// Questions put to a target without writing to it: a create whose other fields are invalid on
/// purpose. CKAN validates the whole request before it writes anything (package_create,
/// _group_or_org_create and user_create: plugin_validate or _validate, then "if errors: rollback;
/// raise ValidationError", ckan/logic/action/create.py) and answers every field's errors at once, so
/// the errors on the asked field tell whether it is refused, and the request can never succeed:
/// each carries a field no CKAN takes (an empty name, an empty tag name, an extra with an empty key,
/// a user without e-mail or password: not_empty in every version's schema).
/// </summary>
internal sealed class TargetProbes(CkanClient client)
{
    /// <summary>An id no CKAN holds and that is not a UUID by any rule.</summary>
    public const string NotAUuid = "ckan-migrate-probe-not-a-uuid";

    /// <summary>A value isodate refuses.</summary>
    public const string NotADate = "ckan-migrate-probe-not-a-date";

    /// <summary>package_create with an empty name and an empty tag, a non-UUID id on the dataset and on a resource, and a metadata_modified that is not a date.</summary>
    public Task<JsonObject?> PackageAsync(CancellationToken ct) => ErrorsAsync("package_create", new JsonObject
    {
        ["name"] = "",
        ["tags"] = new JsonArray(new JsonObject { ["name"] = "" }),
        ["id"] = NotAUuid,
        ["resources"] = new JsonArray(new JsonObject { ["id"] = NotAUuid, ["url"] = "" }),
        ["metadata_modified"] = NotADate,
    }, ct);

    /// <summary>organization_create or group_create with an empty name, an extra with an empty key, and a non-UUID id.</summary>
    public Task<JsonObject?> GroupAsync(EntityDescriptor entity, CancellationToken ct) =>
        ErrorsAsync(entity.CreateAction, new JsonObject { ["name"] = "", ["extras"] = EmptyExtra(), ["id"] = NotAUuid }, ct);

    /// <summary>user_create with an empty name, e-mail and password, and a non-UUID id.</summary>
    public Task<JsonObject?> UserAsync(CancellationToken ct) =>
        ErrorsAsync("user_create", new JsonObject { ["name"] = "", ["email"] = "", ["password"] = "", ["id"] = NotAUuid }, ct);

    /// <summary>Whether the target refuses this name for a record of this kind, from a create with the name and invalid other fields.</summary>
    public async Task<ProbeVerdict> NameAsync(EntityDescriptor entity, string name, CancellationToken ct)
    {
        var request = entity.Kind switch
        {
            EntityKind.Users => new JsonObject { ["name"] = name, ["email"] = "", ["password"] = "" },
            EntityKind.Organizations or EntityKind.Groups => new JsonObject { ["name"] = name, ["extras"] = EmptyExtra() },
            _ => new JsonObject { ["name"] = name, ["tags"] = new JsonArray(new JsonObject { ["name"] = "" }) },
        };
        var action = entity.Kind == EntityKind.HarvestSources ? "package_create" : entity.CreateAction;
        return await ErrorsAsync(action, request, ct).ConfigureAwait(false) is { } errors ? Verdict(errors["name"]) : ProbeVerdict.Unknown;
    }

    /// <summary>The verdict on a value from its field's errors: none, or only "taken", is taken; "not expected" (no ids from this key) is not known.</summary>
    public static ProbeVerdict Verdict(JsonNode? fieldErrors)
    {
        var messages = Messages(fieldErrors).ToList();
        if (messages.Any(m => m.Contains("not expected", StringComparison.OrdinalIgnoreCase))) return ProbeVerdict.Unknown;
        var refusals = messages.Where(m => !TakenWords.Say(m)).ToList();
        return refusals.Count == 0 ? ProbeVerdict.Taken : ProbeVerdict.RefusedBecause(string.Join("; ", refusals.Distinct()));
    }

    /// <summary>The field errors of a create that cannot succeed; null when nothing can be learnt from the answer.</summary>
    private async Task<JsonObject?> ErrorsAsync(string action, JsonObject request, CancellationToken ct)
    {
        try
        {
            await client.CallAsync(action, request, ct).ConfigureAwait(false);
            // Not possible on any CKAN (see the class summary); were it to happen, nothing can be learnt from it.
            return null;
        }
        catch (CkanApiException e) when (e.Kind == CkanErrorKind.Validation)
        {
            return e.FieldErrors ?? new JsonObject();
        }
        catch (CkanApiException e) when (!e.IsTransient || e.MayBeTheRecord)
        {
            return null; // not authorized, an unknown action, or a site that breaks on the request: nothing learnt
        }
    }

    private static JsonArray EmptyExtra() => new(new JsonObject { ["key"] = "", ["value"] = "" });

    private static IEnumerable<string> Messages(JsonNode? node) => node switch
    {
        JsonArray list => list.SelectMany(Messages),
        JsonObject o => o.SelectMany(p => Messages(p.Value)),
        _ when JsonText.Text(node) is { Length: > 0 } text => [text],
        _ => [],
    };
}
