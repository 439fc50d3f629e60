using CkanMigrate.Ckan;

namespace CkanMigrate.Entities;

/// <summary>
/// Records a load leaves alone by a rule, each with its reason: the loader skips them, and verify
/// reports them as skipped by that rule rather than as differences. One place, so the two agree.
/// </summary>
internal static class SkipRules
{
    /// <summary>The account the target key belongs to: a load that changed it could lock the migration out (a new password, sysadmin taken away).</summary>
    public const string KeyOwner = "the account the target key belongs to is never changed by a load";

    /// <summary>The rule that skips this record on a target written with <paramref name="key"/>, or null.</summary>
    public static string? For(EntityKind kind, KeyAccess key, string? id, string? name) =>
        kind == EntityKind.Users && (key.UserName is not null || key.UserId is not null)
        && ((id is not null && id == key.UserId) || (name is not null && name == key.UserName))
            ? KeyOwner
            : null;
}
