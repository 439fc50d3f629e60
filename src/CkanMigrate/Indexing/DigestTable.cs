using System.Numerics;
using System.Runtime.CompilerServices;

namespace CkanMigrate.Indexing;

/// <summary>
/// A map from a key digest (and optionally a second one) to a fixed-size entry, for indexes that
/// must stay flat however big the portal. In memory: the entries in 16,384-entry chunks plus one
/// open-addressing table of 4-byte slots per key, so an entry costs its own size and ~8 bytes a
/// key, with no object per record. Past <see cref="IndexMemory.BudgetBytes"/> the entries are
/// sorted into a <see cref="SortedFile{T}"/> and memory starts again empty: lookups then look in
/// memory first and in the files newest first, so a later entry for a key wins, as in memory.
/// Writes are not thread-safe (the owner locks); once filled, lookups may run on several threads.
/// </summary>
internal sealed class DigestTable<T> : IDisposable where T : unmanaged, IDigestEntry
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly bool _bySecond;
    private readonly long _limit;
    private readonly string _spillFolder;
    private readonly List<T[]> _chunks = [];
    private readonly List<(SortedFile<T> Entries, SortedFile<SecondKeyPair>? Names)> _spilled = [];
    private int[] _keySlots = new int[1024];
    private int[] _secondSlots;
    private int _inMemory;
    private int _secondPlaced; // second-key slots taken, stale ones (left by renames) included

    /// <param name="bySecond">Whether entries are also found by their <see cref="IDigestEntry.SecondKey"/>.</param>
    /// <param name="budgetBytes">Memory before spilling (default <see cref="IndexMemory.BudgetBytes"/>).</param>
    public DigestTable(bool bySecond, long? budgetBytes = null, string? spillFolder = null)
    {
        _bySecond = bySecond;
        _secondSlots = bySecond ? new int[1024] : [];
        var perEntry = Unsafe.SizeOf<T>() + (bySecond ? 2 : 1) * 8;
        _limit = Math.Max(1024, (budgetBytes ?? IndexMemory.BudgetBytes) / perEntry);
        _spillFolder = spillFolder ?? IndexMemory.SpillFolder;
    }

    /// <summary>Distinct keys held.</summary>
    public long Count { get; private set; }

    /// <summary>Bytes held in memory: entry chunks, slot tables and the spilled files' block keys.</summary>
    public long MemoryBytes =>
        (long)_chunks.Count * ChunkSize * Unsafe.SizeOf<T>() + 4L * (_keySlots.Length + _secondSlots.Length)
        + _spilled.Sum(s => s.Entries.MemoryBytes + (s.Names?.MemoryBytes ?? 0));

    /// <summary>How many times memory was written out to disk.</summary>
    public int Spills => _spilled.Count;

    /// <summary>Adds the entry, or replaces the one with its key.</summary>
    public void Put(in T entry)
    {
        var key = entry.Key;
        var slot = MemorySlot(key);
        if (slot >= 0)
        {
            ref var held = ref At(slot);
            var renamed = held.SecondKey != entry.SecondKey;
            held = entry;
            if (_bySecond && renamed && entry.SecondKey != 0)
            {
                PlaceSecond(entry.SecondKey, slot);
                if ((long)_secondPlaced * 4 > (long)_secondSlots.Length * 3) Grow();
            }
            return;
        }
        if (!SpilledHas(key)) Count++;
        slot = _inMemory++;
        if (slot >> ChunkBits == _chunks.Count) _chunks.Add(new T[ChunkSize]);
        At(slot) = entry;
        if ((long)_inMemory * 4 > (long)_keySlots.Length * 3 || (long)_secondPlaced * 4 > (long)_secondSlots.Length * 3) Grow();
        else
        {
            PlaceKey(_keySlots, key, slot);
            if (_bySecond && entry.SecondKey != 0) PlaceSecond(entry.SecondKey, slot);
        }
        if (_inMemory >= _limit) Spill();
    }

    public bool TryGet(ulong key, out T entry)
    {
        var slot = MemorySlot(key);
        if (slot >= 0)
        {
            entry = At(slot);
            return true;
        }
        for (var i = _spilled.Count - 1; i >= 0; i--)
            if (_spilled[i].Entries.TryFind(key, out entry)) return true;
        entry = default;
        return false;
    }

    /// <summary>The newest entry whose second key this is (an entry renamed since no longer answers to its old one).</summary>
    public bool TryGetBySecond(ulong second, out T entry)
    {
        if (!_bySecond) throw new InvalidOperationException("this table is not kept by second key");
        var mask = _secondSlots.Length - 1;
        for (var i = Home(second, mask); _secondSlots[i] != 0; i = (i + 1) & mask)
            if (At(_secondSlots[i] - 1).SecondKey == second)
            {
                entry = At(_secondSlots[i] - 1);
                return true;
            }
        var pairs = new List<SecondKeyPair>();
        for (var s = _spilled.Count - 1; s >= 0; s--)
        {
            pairs.Clear();
            _spilled[s].Names!.FindAll(second, pairs);
            foreach (var pair in pairs)
                if (TryGet(pair.Id, out entry) && entry.SecondKey == second) return true;
        }
        entry = default;
        return false;
    }

    private bool SpilledHas(ulong key)
    {
        foreach (var (entries, _) in _spilled)
            if (entries.TryFind(key, out _)) return true;
        return false;
    }

    private ref T At(int slot) => ref _chunks[slot >> ChunkBits][slot & (ChunkSize - 1)];

    /// <summary>Fibonacci hashing: keys are digests already, but a table keyed by anything else stays spread.</summary>
    private static int Home(ulong key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - BitOperations.Log2((uint)mask + 1))) & mask;

    private int MemorySlot(ulong key)
    {
        var mask = _keySlots.Length - 1;
        for (var i = Home(key, mask); _keySlots[i] != 0; i = (i + 1) & mask)
            if (At(_keySlots[i] - 1).Key == key) return _keySlots[i] - 1;
        return -1;
    }

    private static void PlaceKey(int[] slots, ulong key, int slot)
    {
        var mask = slots.Length - 1;
        var i = Home(key, mask);
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = slot + 1;
    }

    /// <summary>Points the second key at the slot, replacing the slot that held it before.</summary>
    private void PlaceSecond(ulong second, int slot)
    {
        var mask = _secondSlots.Length - 1;
        var i = Home(second, mask);
        for (; _secondSlots[i] != 0; i = (i + 1) & mask)
            if (At(_secondSlots[i] - 1).SecondKey == second) break;
        if (_secondSlots[i] == 0) _secondPlaced++;
        _secondSlots[i] = slot + 1;
    }

    /// <summary>Doubles the slot tables and places every entry in memory again (the new one included).</summary>
    private void Grow()
    {
        _keySlots = new int[_keySlots.Length * 2];
        if (_bySecond) _secondSlots = new int[_secondSlots.Length * 2];
        Rehash();
    }

    private void Rehash()
    {
        _secondPlaced = 0;
        for (var slot = 0; slot < _inMemory; slot++)
        {
            ref var e = ref At(slot);
            PlaceKey(_keySlots, e.Key, slot);
            if (_bySecond && e.SecondKey != 0) PlaceSecond(e.SecondKey, slot);
        }
    }

    /// <summary>Sorts what memory holds into files and empties memory, keeping its arrays for the next entries.</summary>
    private void Spill()
    {
        var segments = new List<ArraySegment<T>>();
        var pairs = _bySecond ? new List<ArraySegment<SecondKeyPair>>() : null;
        for (var c = 0; c < _chunks.Count; c++)
        {
            var filled = Math.Min(ChunkSize, _inMemory - c * ChunkSize);
            if (filled <= 0) break;
            var segment = new ArraySegment<T>(_chunks[c], 0, filled);
            segment.AsSpan().Sort(static (a, b) => a.Key.CompareTo(b.Key));
            segments.Add(segment);
            if (pairs is null) continue;
            var named = new List<SecondKeyPair>(filled);
            foreach (var e in segment)
                if (e.SecondKey != 0) named.Add(new SecondKeyPair(e.SecondKey, e.Key));
            var sorted = named.ToArray();
            Array.Sort(sorted, static (a, b) => a.Second.CompareTo(b.Second));
            pairs.Add(sorted);
        }
        var entries = SortedFile<T>.Write(segments, _spillFolder);
        var names = pairs is null ? null : SortedFile<SecondKeyPair>.Write(pairs, _spillFolder);
        _spilled.Add((entries, names));
        _inMemory = 0;
        Array.Clear(_keySlots);
        Array.Clear(_secondSlots);
        _secondPlaced = 0;
    }

    public void Dispose()
    {
        foreach (var (entries, names) in _spilled)
        {
            entries.Dispose();
            names?.Dispose();
        }
        _spilled.Clear();
    }
}
