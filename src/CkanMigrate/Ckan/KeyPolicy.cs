namespace CkanMigrate.Ckan;

/// <summary>
/// What each verb does with what <see cref="KeyCheck"/> learned, decided in one place: an unknown
/// key stops the work before anything is written; a key that is not a sysadmin's is warned about
/// (dump, load) or refused unless the operator accepts a public-only migration (run).
/// </summary>
internal static class KeyPolicy
{
    /// <param name="role">"source", "target" or "API", named in the message</param>
    public static void RequireAccepted(CkanSiteInfo site, string role, Uri url)
    {
        if (site.Key.HasKey && site.Key.Accepted == false)
            throw new KeyRefusedException($"the {role} key is not accepted by {url.Host} (CKAN treats an unknown key as anonymous): nothing was done; check the key");
    }

    /// <summary>A warning for a dump that will miss what only a sysadmin sees, or null.</summary>
    public static string? DumpWarning(CkanSiteInfo site) =>
        site.Key.Sysadmin ? null : $"{site.Key}: {KeyAccess.MissingWithoutSysadmin} will be missing";

    /// <summary>A warning for a load with a key that is not a sysadmin's, or null.</summary>
    public static string? LoadWarning(CkanSiteInfo site) =>
        site.Key.Sysadmin || !site.Key.HasKey ? null
        : "the target key is not a sysadmin's: records are created without their ids (matched by name afterwards; pairs in the log), password hashes are not carried, and drafts may become active";

    /// <summary>run: a source dump without a sysadmin key is a partial portal; refuse unless --public-only.</summary>
    public static void RequireFullSource(CkanSiteInfo site, bool publicOnly)
    {
        if (!site.Key.Sysadmin && !publicOnly)
            throw new KeyRefusedException($"{DumpWarning(site)}; give a sysadmin's key for the source, or --public-only to migrate only what it shows");
    }

    public static void RequireTargetKey(CkanSiteInfo site)
    {
        if (!site.Key.HasKey)
            throw new KeyRefusedException("no target key: CKAN refuses every write from an anonymous caller; give the target's key");
    }
}
