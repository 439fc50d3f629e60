using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;

namespace CkanMigrate.Bench;

/// <summary>
/// What a key digest costs (#13 §1, §4): SHA-256 truncated to 64 bits, as KeyDigest was, against
/// the keyed SipHash-2-4 it is now, and a put into a DigestTable, for dataset ids; best of 3.
/// </summary>
internal static class KeyDigestBenchmark
{
    public static void Run(int keys)
    {
        var ids = Enumerable.Range(0, keys).Select(_ => Guid.NewGuid().ToString()).ToArray();
        double sha = double.MaxValue, sip = double.MaxValue, put = double.MaxValue;
        ulong sink = 0;
        var hash = new byte[32];
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
                sink ^= BitConverter.ToUInt64(hash);
            }
            sha = Math.Min(sha, clock.Elapsed.TotalNanoseconds / keys);
            clock.Restart();
            foreach (var id in ids) sink ^= KeyDigest.Of(id);
            sip = Math.Min(sip, clock.Elapsed.TotalNanoseconds / keys);
            clock.Restart();
            using var table = new DigestTable<KeyOnly>(bySecond: false);
            foreach (var id in ids) table.Put(new KeyOnly(KeyDigest.Of(id)));
            put = Math.Min(put, clock.Elapsed.TotalNanoseconds / keys);
        }
        Console.WriteLine($"key digests of {keys:N0} dataset ids (best of 3; {sink % 10})");
        Console.WriteLine("| step | ns per key |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| SHA-256, first 8 bytes (before) | {0:N0} |", sha));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| SipHash-2-4, per-process key (now) | {0:N0} |", sip));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| digest and put into a DigestTable | {0:N0} |", put));
    }
}
