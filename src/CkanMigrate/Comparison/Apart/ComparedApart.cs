using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>The fields compared apart, each by its own rule: the one list both comparers read.</summary>
internal static class ComparedApart
{
    public static readonly OwnerByIdOrName Owner = new();
    public static readonly MembersByContainment Members = new();
    public static readonly GroupExtrasWhenSent GroupExtras = new();
    public static readonly PasswordHashByShow PasswordHash = new();
    public static readonly ParentsTheTargetHas Parents = new();

    public static readonly IReadOnlyList<IComparedApart> All = [Owner, Members, GroupExtras, PasswordHash, Parents];

    /// <summary>The names of the fields compared apart for a kind: left out of its comparable form.</summary>
    public static IEnumerable<string> FieldsOf(EntityKind kind) => All.Where(f => f.AppliesTo(kind)).Select(f => f.Field);
}
