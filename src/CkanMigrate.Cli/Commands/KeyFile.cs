namespace CkanMigrate.Cli.Commands;

/// <summary>An API key kept in a file: refused when others could read it, as ssh refuses a loose private key.</summary>
public static class KeyFile
{
    public static string Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--api-key-file {path}: no such file");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode loose = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                       | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & loose) != 0)
                throw new UsageException($"--api-key-file {path}: readable by group or others; run chmod 600 {path}");
        }
        var key = File.ReadAllText(path).Trim();
        if (key.Length == 0) throw new UsageException($"--api-key-file {path}: the file is empty");
        return key;
    }
}
