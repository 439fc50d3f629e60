using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace CkanMigrate.Entities;

/// <summary>
/// A record's id or name as a 64-bit digest, for sets and indexes that must stay small however big
/// the portal: 8 bytes instead of a string. SipHash-2-4 under a key drawn at random for each process:
/// a keyed hash, so names a publisher chooses cannot be made to collide with another record's (as
/// they could with a plain fast hash), and far cheaper than SHA-256 (docs/benchmarks.md, "keys"),
/// which counts when every dataset of a portal is looked up three times in a catch-up. Digests are never
/// written down, so they need not agree between processes. Two keys of a million share a digest
/// with a chance of about one in ten million; the cost of it is one record taken for another's twin.
/// </summary>
internal static class KeyDigest
{
    private static readonly ulong K0 = RandomKey(), K1 = RandomKey();

    public static ulong Of(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return SipHash24(buffer[..Encoding.UTF8.GetBytes(key, buffer)], K0, K1);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>SipHash-2-4 (Aumasson and Bernstein, 2012) of the bytes under the 128-bit key (k0, k1).</summary>
    internal static ulong SipHash24(ReadOnlySpan<byte> data, ulong k0, ulong k1)
    {
        ulong v0 = k0 ^ 0x736f6d6570736575UL, v1 = k1 ^ 0x646f72616e646f6dUL, v2 = k0 ^ 0x6c7967656e657261UL, v3 = k1 ^ 0x7465646279746573UL;
        var whole = data.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }
        var last = (ulong)(data.Length & 0xff) << 56;
        for (var i = data.Length - 1; i >= whole; i--) last |= (ulong)data[i] << (8 * (i - whole));
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        for (var r = 0; r < 4; r++) Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
    }

    private static ulong RandomKey()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
