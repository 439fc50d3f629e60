using System.Security.Cryptography;
using System.Text;

namespace CkanMigrate.Entities;

/// <summary>
/// A record's id or name as a 64-bit digest, for sets and indexes that must stay small however big
/// the portal: 8 bytes instead of a string. Two keys of a million share a digest with a chance of
/// about one in ten million; the cost of it is one record taken for another one's twin.
/// </summary>
public static class KeyDigest
{
    public static ulong Of(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BitConverter.ToUInt64(hash);
    }
}
