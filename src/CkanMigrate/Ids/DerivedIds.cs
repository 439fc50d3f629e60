using System.Security.Cryptography;
using System.Text;

namespace CkanMigrate.Ids;

/// <summary>
/// The id a record gets on a target that refuses its source id (CKAN 2.11 takes UUIDs only): a
/// name-based UUID (RFC 4122 version 5, SHA-1, in the URL namespace) of the source site's identity,
/// the table and the source id — <c>uuid5(NAMESPACE_URL, "{site_url}/{table}/{id}")</c> in Python.
/// A pure function, so every run, on any machine, and every stage (the loader, the file sender, the
/// DataStore loader, verify) finds the same target record without keeping any state.
/// </summary>
internal static class DerivedIds
{
    /// <summary>RFC 4122's namespace for URLs (6ba7b811-9dad-11d1-80b4-00c04fd430c8), in network byte order.</summary>
    private static readonly byte[] UrlNamespace = Convert.FromHexString("6ba7b8119dad11d180b400c04fd430c8");

    /// <summary>Stands for the source site where it is not known (a folder of dumps, a load of a file).</summary>
    public const string UnknownSite = "urn:ckan-migrate:unknown-site";

    /// <param name="sourceSite">the source's site_url as it reports it (normalised: lower-case scheme and host, no trailing slash), or null</param>
    public static string For(string? sourceSite, IdKind kind, string sourceId) =>
        Version5($"{sourceSite ?? UnknownSite}/{Table(kind)}/{sourceId}");

    private static string Table(IdKind kind) => kind switch
    {
        IdKind.Package => "package",
        IdKind.Resource => "resource",
        IdKind.Group => "group",
        IdKind.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Version5(string name)
    {
        var bytes = SHA1.HashData([.. UrlNamespace, .. Encoding.UTF8.GetBytes(name)]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes, 0, 16);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
