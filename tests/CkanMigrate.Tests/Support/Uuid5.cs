using System.Security.Cryptography;
using System.Text;

namespace CkanMigrate.Tests.Support;

/// <summary>
/// Python's uuid.uuid5(uuid.NAMESPACE_URL, name), written here apart from the tool's own, so tests
/// say which id a record must have without asking the code under test.
/// </summary>
public static class Uuid5
{
    public static string OfUrl(string name)
    {
        byte[] urlNamespace = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];
        var hash = SHA1.HashData(urlNamespace.Concat(Encoding.UTF8.GetBytes(name)).ToArray());
        hash[6] = (byte)(hash[6] & 0x0F | 0x50);
        hash[8] = (byte)(hash[8] & 0x3F | 0x80);
        var hex = Convert.ToHexStringLower(hash[..16]);
        return string.Join('-', hex[..8], hex[8..12], hex[12..16], hex[16..20], hex[20..]);
    }
}
