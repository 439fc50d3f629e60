namespace CkanMigrate.JsonLines;

/// <summary>Counts lines of a plain file quickly, so progress can show a total and an ETA. Gzip files are not counted.</summary>
internal static class LineCounter
{
    public static long? TryCount(string path)
    {
        if (!File.Exists(path) || JsonLinesReader.IsGzip(path)) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        return last == (byte)'\n' ? lines : lines + 1;
    }

    /// <summary>A plain (not gzip) file's size in bytes, or null.</summary>
    public static long? PlainBytes(string path) => File.Exists(path) && !JsonLinesReader.IsGzip(path) ? new FileInfo(path).Length : null;
}
