namespace CkanMigrate.Ckan;

/// <summary>
/// What a CKAN version can do, from spec/ckan-api.md. Every strategy choice (paging, visibility flags,
/// password hashes, ids on create) is made here and nowhere else.
/// </summary>
public sealed record CkanCapabilities(Version Version, bool VersionKnown)
{
    /// <summary>The version assumed when status_show hides it (2.10+ with ckan.hide_version).</summary>
    public static readonly Version AssumedWhenHidden = new(2, 10);

    public static CkanCapabilities For(string? ckanVersion)
    {
        var parsed = ParseVersion(ckanVersion);
        return new CkanCapabilities(parsed ?? AssumedWhenHidden, parsed is not null);
    }

    /// <summary>Reads "2.10.10", "2.9.0a", "2.11.0b1" as far as the numbers go.</summary>
    public static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = new List<int>();
        foreach (var piece in text.Trim().Split('.'))
        {
            var digits = new string(piece.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length == 0) break;
            parts.Add(int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture));
            if (digits.Length != piece.Length || parts.Count == 3) break;
        }
        return parts.Count switch
        {
            0 => null,
            1 => new Version(parts[0], 0),
            2 => new Version(parts[0], parts[1]),
            _ => new Version(parts[0], parts[1], parts[2]),
        };
    }

    private bool AtLeast(int major, int minor, int build = 0) => Version >= new Version(major, minor, build);

    /// <summary>package_search include_private (2.6+). Before, private datasets never appear in search.</summary>
    public bool SearchIncludePrivate => AtLeast(2, 6);

    /// <summary>package_search include_drafts (2.4+).</summary>
    public bool SearchIncludeDrafts => AtLeast(2, 4);

    /// <summary>organization_list/group_list accept limit and offset (2.5+).</summary>
    public bool GroupListPaging => AtLeast(2, 5);

    /// <summary>user_list all_fields=false returns names only (2.7+); before, always dicts.</summary>
    public bool UserListNamesOnly => AtLeast(2, 7);

    /// <summary>user_show include_password_hash and user_create password_hash (2.5.1+).</summary>
    public bool PasswordHashes => AtLeast(2, 5, 1);

    /// <summary>*_patch actions for datasets, organizations and groups (2.3+).</summary>
    public bool Patch => AtLeast(2, 3);

    /// <summary>A sysadmin may keep a dataset's id on package_create (2.3+; 2.2 rejects any id).</summary>
    public bool DatasetIdOnCreate => AtLeast(2, 3);

    public override string ToString() => VersionKnown ? Version.ToString() : $"hidden (assumed {Version})";
}
