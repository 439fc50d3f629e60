namespace CkanMigrate.Ckan;

/// <summary>
/// What the API key can do on a site, learned before any work (CKAN treats an unknown key as
/// anonymous, so a wrong key would otherwise give a quietly partial dump or a rejected load).
/// </summary>
/// <param name="HasKey">a key was given</param>
/// <param name="Accepted">the site knows the key: true, false, or null where the version gives no way to tell</param>
/// <param name="Sysadmin">the key is a sysadmin's</param>
/// <param name="UserName">the account the key belongs to, where the site says</param>
/// <param name="UserId">its id</param>
public sealed record KeyAccess(bool HasKey, bool? Accepted, bool Sysadmin, string? UserName, string? UserId)
{
    public static readonly KeyAccess None = new(false, null, false, null, null);

    /// <summary>What a dump without a sysadmin key will not see.</summary>
    public const string MissingWithoutSysadmin = "private and draft datasets, e-mail addresses and password hashes";

    public override string ToString() => this switch
    {
        { HasKey: false } => "no API key",
        { Accepted: false } => "the key is not accepted",
        { Sysadmin: true } => $"a sysadmin's key ({UserName ?? "name not shown"})",
        { Accepted: null } => "the key is not a sysadmin's (or not accepted)",
        _ => $"the key of {UserName ?? "a user"}, not a sysadmin's",
    };
}
