using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Preflight;
using CkanMigrate.Comparison;

namespace CkanMigrate.Load;

/// <summary>
/// What a dry run can tell, without writing, about a record the target would refuse: a name the
/// target refuses (asked of the target, see <see cref="TargetProfile.NameVerdictAsync"/>), or a
/// harvest source type it has no harvester for. The reasons are worded alike for every record they
/// hold for, so the report can group them with counts. A real run lets the target decide (its own
/// words are then the reason).
/// </summary>
internal sealed class TargetFit(TargetProfile profile, EntityDescriptor entity)
{
    public const string NoHarvester = "the target has no harvest plugin (ckanext-harvest is not among its extensions), so harvest sources cannot be created there";

    public const string NoPassword = "a user without a password hash (the source showed none: CKAN shows them from 2.5.1, to a sysadmin) cannot be created: user_create needs a password; give one with a profile rule";

    /// <param name="existing">the target's copy the record would update, or null for a create</param>
    public async Task<string?> WhyNotAsync(JsonObject record, TargetRecord? existing, CancellationToken ct)
    {
        if (JsonText.Text(record["name"]) is { Length: > 0 } name && name != existing?.Name)
        {
            // The name the target was asked about is in the report's Target section; the reason is the same for every name of the shape.
            var (verdict, _) = await profile.NameVerdictAsync(entity, name, ct).ConfigureAwait(false);
            if (verdict.Refused == true)
                return $"{entity.Singular} name with {Preflight.NameShape.Of(name)} refused by the target (\"{verdict.Reason}\"): rename it with a profile rule";
        }
        if (entity.Kind == EntityKind.Users && existing is null && JsonText.Text(record["password_hash"]) is not { Length: > 0 } && JsonText.Text(record["password"]) is not { Length: > 0 })
            return NoPassword;
        if (entity.Kind == EntityKind.HarvestSources && profile.HarvestSourceTypes is { } types
            && JsonText.Text(record["source_type"]) is { Length: > 0 } type && !types.Contains(type, StringComparer.Ordinal))
            return $"harvest source type '{type}' is not among the target's harvesters ({string.Join(", ", types)})";
        return null;
    }
}
