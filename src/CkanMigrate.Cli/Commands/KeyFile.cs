namespace CkanMigrate.Cli.Commands;

/// <summary>An API key kept in a file: refused when others could read it, as ssh refuses a loose private key.</summary>
internal static class KeyFile
{
    /// <param name="option">the option that named the file, for the messages</param>
    public static string Read(string path, string option = "--api-key-file")
    {
        if (!File.Exists(path)) throw new UsageException($"{option} {path}: no such file");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode loose = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                       | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & loose) != 0)
                throw new UsageException($"{option} {path}: readable by group or others; run chmod 600 {path}");
        }
        var key = File.ReadAllText(path).Trim();
        if (key.Length == 0) throw new UsageException($"{option} {path}: the file is empty");
        return key;
    }

    /// <summary>
    /// The key to use, the same way for every site option: given on the command line, else read from
    /// the key file, else from the environment variable; null when there is none.
    /// </summary>
    public static string? Resolve(string? given, string? file, string fileOption, string variable)
    {
        var key = given;
        if (string.IsNullOrEmpty(key) && file is not null) key = Read(file, fileOption);
        if (string.IsNullOrEmpty(key)) key = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(key) ? null : key;
    }
}
