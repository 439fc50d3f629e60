using System.Runtime.InteropServices;

namespace CkanMigrate.Cli;

/// <summary>
/// Everything this program writes may hold what is not public — private and draft datasets, their
/// files and DataStore rows, e-mail addresses, password hashes — so every file it creates is
/// owner-only (0600) and every folder 0700, whatever path creates it (stage files, logs, uploaded
/// files, temp files): the process's umask is set to 077 once, at the start, rather than each of
/// the many places that create files remembering to.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const uint OwnerOnlyMask = 0b000_111_111; // 077: no group or other bits

    public static void Apply()
    {
        if (OperatingSystem.IsWindows()) return; // ACLs of the user's profile folders already keep files private there
        SetUmask(OwnerOnlyMask);
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);
}
