using CkanMigrate.Comparison;

namespace CkanMigrate.Load;

/// <summary>
/// One dataset already on the target, as <see cref="TargetIndex"/> keeps it: 56 bytes, no strings.
/// The id is held as the UUID CKAN gives it (an id that is not one is kept aside by the index);
/// <see cref="Full"/> is the fingerprint of the whole comparable form, and V1–V3 those without each
/// mask of the fields the server fills (ServerFillsWhenAbsent), mask 0 being the full one.
/// </summary>
internal readonly record struct CompactEntry(Guid Id, ulong Full, ulong V1, ulong V2, ulong V3, bool HasVariants, int Owner, int State)
{
    static CompactEntry()
    {
        // The struct holds the four masks of two filled fields; more fields need more slots here.
        if (ComparableForm.FilledMasks != 4) throw new InvalidOperationException("CompactEntry holds 4 filled-field masks");
    }

    public static CompactEntry Of(TargetRecord record, Guid id, int owner, int state) =>
        record.FilledVariants is { Count: 4 } v
            ? new CompactEntry(id, record.Fingerprint, v[1], v[2], v[3], true, owner, state)
            : new CompactEntry(id, record.Fingerprint, 0, 0, 0, false, owner, state);

    public IReadOnlyList<ulong>? Variants() => HasVariants ? [Full, V1, V2, V3] : null;

    /// <summary>The id as a UUID when it is CKAN's canonical lower-case form (so it prints back the same), else null.</summary>
    public static Guid? AsUuid(string id) =>
        Guid.TryParseExact(id, "D", out var uuid) && uuid.ToString("D") == id ? uuid : null;
}
