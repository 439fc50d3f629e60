using System.Security.Cryptography;
using System.Text;

namespace CkanMigrate.Profiles;

/// <summary>SHA-256 over the profile file and every file it references, in the order read, each with its name and length, so a change to any of them changes the digest.</summary>
internal static class ProfileDigest
{
    public static string Of(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\n{bytes.Length}\n"));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
