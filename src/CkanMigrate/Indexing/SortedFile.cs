using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CkanMigrate.Indexing;

/// <summary>
/// Entries sorted by key in a file, found by binary search: the first key of every 4 KB block is
/// kept in memory (16 bytes a block, so a million 72-byte entries keep ~280 KB), and a lookup reads
/// one block, from the page cache when the file is warm. Keys may repeat (a second-key file). The
/// file is owner-only and unlinked as soon as it is open (Unix), so it never outlives the process.
/// </summary>
internal sealed class SortedFile<T> : IDisposable where T : unmanaged, IDigestEntry
{
    private static readonly int EntrySize = Unsafe.SizeOf<T>();
    private static readonly int PerBlock = Math.Max(1, 4096 / EntrySize);

    private readonly FileStream _file;
    private readonly ulong[] _firstKeys;
    private readonly long _count;

    private SortedFile(FileStream file, ulong[] firstKeys, long count) => (_file, _firstKeys, _count) = (file, firstKeys, count);

    public long Count => _count;

    /// <summary>Bytes this keeps in memory: the first key of each block.</summary>
    public long MemoryBytes => 8L * _firstKeys.Length;

    /// <summary>Writes the entries of chunks already sorted by key, merged into one order.</summary>
    public static SortedFile<T> Write(IReadOnlyList<ArraySegment<T>> sortedChunks, string folder)
    {
        var file = OpenTemp(folder);
        var firstKeys = new List<ulong>();
        var block = new T[PerBlock];
        var filled = 0;
        long offset = 0, count = 0;
        var queue = new PriorityQueue<int, ulong>();
        var at = new int[sortedChunks.Count];
        for (var c = 0; c < sortedChunks.Count; c++)
            if (sortedChunks[c].Count > 0) queue.Enqueue(c, sortedChunks[c][0].Key);
        while (queue.TryDequeue(out var chunk, out _))
        {
            var segment = sortedChunks[chunk];
            block[filled++] = segment[at[chunk]++];
            if (at[chunk] < segment.Count) queue.Enqueue(chunk, segment[at[chunk]].Key);
            if (filled == PerBlock) Flush();
        }
        if (filled > 0) Flush();
        return new SortedFile<T>(file, [.. firstKeys], count);

        void Flush()
        {
            firstKeys.Add(block[0].Key);
            var bytes = MemoryMarshal.AsBytes(block.AsSpan(0, filled));
            RandomAccess.Write(file.SafeFileHandle, bytes, offset);
            offset += bytes.Length;
            count += filled;
            filled = 0;
        }
    }

    /// <summary>The first entry with the key, if any.</summary>
    public bool TryFind(ulong key, out T entry)
    {
        entry = default;
        var found = false;
        var first = default(T);
        Visit(key, e =>
        {
            first = e;
            found = true;
            return false;
        });
        entry = first;
        return found;
    }

    /// <summary>Every entry with the key, in file order.</summary>
    public void FindAll(ulong key, List<T> into) => Visit(key, e =>
    {
        into.Add(e);
        return true;
    });

    /// <summary>Calls <paramref name="visit"/> for each entry with the key until it returns false.</summary>
    private void Visit(ulong key, Func<T, bool> visit)
    {
        if (_firstKeys.Length == 0) return;
        // The last block starting below the key: a run of equal keys may begin at the end of it.
        var b = LastBlockBelow(key);
        var buffer = ArrayPool<byte>.Shared.Rent(PerBlock * EntrySize);
        try
        {
            for (; b < _firstKeys.Length && (b == 0 || _firstKeys[b] <= key); b++)
            {
                var entries = ReadBlock(b, buffer);
                var i = LowerBound(entries, key);
                for (; i < entries.Length && entries[i].Key == key; i++)
                    if (!visit(entries[i])) return;
                if (i < entries.Length) return; // passed the key inside this block
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int LastBlockBelow(ulong key)
    {
        int lo = 0, hi = _firstKeys.Length - 1, found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_firstKeys[mid] < key)
            {
                found = mid;
                lo = mid + 1;
            }
            else hi = mid - 1;
        }
        return found;
    }

    private ReadOnlySpan<T> ReadBlock(int block, byte[] buffer)
    {
        var start = (long)block * PerBlock;
        var entries = (int)Math.Min(PerBlock, _count - start);
        var span = buffer.AsSpan(0, entries * EntrySize);
        var read = 0;
        while (read < span.Length)
        {
            var n = RandomAccess.Read(_file.SafeFileHandle, span[read..], start * EntrySize + read);
            if (n == 0) throw new IOException($"index spill file {_file.Name} ended early");
            read += n;
        }
        return MemoryMarshal.Cast<byte, T>(span);
    }

    private static int LowerBound(ReadOnlySpan<T> entries, ulong key)
    {
        int lo = 0, hi = entries.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (entries[mid].Key < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static FileStream OpenTemp(string folder)
    {
        var path = Path.Combine(folder, $"ckan-migrate-index-{Guid.NewGuid():N}.bin");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows()) File.Delete(path); // the open handle keeps it readable; nothing is left on a crash
        return file;
    }

    public void Dispose() => _file.Dispose();
}
