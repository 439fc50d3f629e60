using CkanMigrate.Comparison;
using CkanMigrate.Indexing;

namespace CkanMigrate.Load;

/// <summary>
/// One dataset already on the target, as <see cref="TargetIndex"/> keeps it: 64 bytes, no strings.
/// The id is held as the UUID CKAN gives it, so it can be written back, and its two halves folded
/// are the <see cref="Key"/> (an id that is not a UUID is held as 16 bytes of its SHA-256, and kept
/// aside whole by the index); <see cref="SecondKey"/> is the name's digest; <see cref="Full"/> is
/// the fingerprint of the whole comparable form, and V1–V3 those without each mask of the fields
/// the server fills (ServerFillsWhenAbsent), mask 0 being the full one.
/// </summary>
internal readonly record struct CompactEntry(Guid Id, ulong SecondKey, ulong Full, ulong V1, ulong V2, ulong V3, int Owner, short State, bool HasVariants)
    : IDigestEntry
{
    public ulong Key => KeyOf(Id);

    public static ulong KeyOf(in Guid id)
    {
        var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<Guid, ulong>(new ReadOnlySpan<Guid>(in id));
        return halves[0] ^ halves[1];
    }

    /// <summary>The UUID an id is held as: itself when it is CKAN's canonical form, else 16 bytes of its SHA-256 (and <paramref name="isUuid"/> false).</summary>
    public static Guid Held(string id, out bool isUuid)
    {
        if (AsUuid(id) is { } uuid)
        {
            isUuid = true;
            return uuid;
        }
        isUuid = false;
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id), hash);
        return new Guid(hash[..16]);
    }

    static CompactEntry()
    {
        // The struct holds the four masks of two filled fields; more fields need more slots here.
        if (ComparableForm.FilledMasks != 4) throw new InvalidOperationException("CompactEntry holds 4 filled-field masks");
    }

    public static CompactEntry Of(TargetRecord record, Guid id, ulong nameKey, int owner, short state) =>
        record.FilledVariants is { Count: 4 } v
            ? new CompactEntry(id, nameKey, record.Fingerprint, v[1], v[2], v[3], owner, state, true)
            : new CompactEntry(id, nameKey, record.Fingerprint, 0, 0, 0, owner, state, false);

    public IReadOnlyList<ulong>? Variants() => HasVariants ? [Full, V1, V2, V3] : null;

    /// <summary>The id as a UUID when it is CKAN's canonical lower-case form (so it prints back the same), else null.</summary>
    public static Guid? AsUuid(string id) =>
        Guid.TryParseExact(id, "D", out var uuid) && uuid.ToString("D") == id ? uuid : null;
}
