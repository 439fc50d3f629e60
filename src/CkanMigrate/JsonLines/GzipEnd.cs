using System.IO.Compression;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Whether a gzip file ends where its data ends. .NET's GZipStream reads concatenated members (as
/// gzip -c a b, pigz and log rotation make) but ends quietly on a truncated file, so the end is
/// checked here: the last four bytes hold the uncompressed size (mod 2^32) of the last member.
/// For a single member that is the whole size; otherwise the last member is found (the last gzip
/// header from the end that inflates on its own) and its own size is compared.
/// </summary>
internal static class GzipEnd
{
    private const int MaxCandidates = 16;

    /// <summary>Null when the file is whole, else why not.</summary>
    public static string? Check(string path, long uncompressed)
    {
        using var file = File.OpenRead(path);
        if (file.Length < 18) return "too short to be gzip";
        var size = TrailerSize(file);
        if (size == (uint)uncompressed) return null;
        foreach (var offset in HeadersFromTheEnd(file).Take(MaxCandidates))
        {
            if (offset == 0) break; // the first member: already compared above
            if (InflatedSize(path, offset) is { } last && (uint)last == size) return null;
        }
        return "truncated or damaged: the uncompressed size does not match the gzip trailer";
    }

    private static uint TrailerSize(FileStream file)
    {
        file.Seek(-4, SeekOrigin.End);
        Span<byte> trailer = stackalloc byte[4];
        file.ReadExactly(trailer);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    /// <summary>Offsets of the bytes 1f 8b 08 (a gzip member header, deflate), last first.</summary>
    private static IEnumerable<long> HeadersFromTheEnd(FileStream file)
    {
        const int block = 1 << 20;
        var buffer = new byte[block + 2];
        for (var end = file.Length; end > 0;)
        {
            var start = Math.Max(0, end - block);
            var length = (int)(Math.Min(end + 2, file.Length) - start); // and 2 bytes past the block, for a header across its end
            file.Seek(start, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, length);
            for (var i = (int)(end - start) - 1; i >= 0; i--)
                if (i + 2 < length && buffer[i] == 0x1f && buffer[i + 1] == 0x8b && buffer[i + 2] == 0x08)
                    yield return start + i;
            end = start;
        }
    }

    /// <summary>The size the data from <paramref name="offset"/> inflates to, or null when it is not gzip from there.</summary>
    private static long? InflatedSize(string path, long offset)
    {
        try
        {
            using var file = File.OpenRead(path);
            file.Seek(offset, SeekOrigin.Begin);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = gzip.Read(buffer)) > 0) total += read;
            return total;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
