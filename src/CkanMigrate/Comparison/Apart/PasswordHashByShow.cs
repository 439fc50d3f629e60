using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// PasswordHashByShow: CKAN never lists a user's password hash; it is read with user_show
/// include_password_hash (a sysadmin's key only), and counts only when the record carries one. Two
/// hashes no password can match mean the same "no password" (UnusablePasswordHash).
/// </summary>
internal sealed class PasswordHashByShow : IComparedApart
{
    public string Field => "password_hash";

    public string Rule => "PasswordHashByShow: never listed, so compared through user_show include_password_hash (sysadmin keys only)";

    public bool AppliesTo(EntityKind kind) => kind == EntityKind.Users;

    public string? Of(JsonObject record) => JsonText.NonEmpty(record["password_hash"]);

    public bool Agrees(string? wanted, string? held) => wanted is null || RepresentationRules.SamePasswordHash(wanted, held);

    /// <summary>What a digest of the record holds of the hash: unusable ones all alike.</summary>
    public string? DigestForm(JsonObject record) => Of(record) is { } hash && RepresentationRules.IsUnusableHash(hash) ? "(unusable)" : Of(record);
}
