using System.Text.Json.Nodes;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Whether a file may hold people's e-mail addresses or password hashes, so that whatever is made
/// from it is created owner-only (0600) too: the file is itself owner-only, or its first record is
/// a user's (it has <c>email</c> or <c>password_hash</c>).
/// </summary>
internal static class PersonalData
{
    public static async Task<bool> InFileAsync(string path, CancellationToken ct)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) == 0) return true;
        try
        {
            await foreach (var line in JsonLinesReader.ReadAsync(path, ct).ConfigureAwait(false))
            {
                if (line.IsBlank) continue;
                return line.TryParseObject(out var record, out _) && IsPersonal(record!);
            }
        }
        catch (InvalidDataException)
        {
            // unreadable input: the stage itself reports it; nothing is written from it anyway
        }
        return false;
    }

    public static bool IsPersonal(JsonObject record) => record.ContainsKey("password_hash") || record.ContainsKey("email");
}
