using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;
using CkanMigrate.JsonLines;
using CkanMigrate.Pipeline;

namespace CkanMigrate.Portal;

/// <summary>
/// verify for a portal kind: the source's records (as the run would load them) against the target's
/// dump, matched as the load matches them (<see cref="PortalKind.KeyOf"/>: id, then name), compared
/// field by field in the kind's comparable form. As for the core kinds, only digests of the target
/// are held; the differing records are read again for their diffs.
/// </summary>
internal static class PortalComparison
{
    public static async Task<KindComparison> CompareAsync(PortalKind kind, string? sourceFile, string? targetFile, CancellationToken ct)
    {
        var result = new KindComparison(kind.CliName);
        using var target = new DigestTable<VerifiedRecord>(bySecond: true);
        if (targetFile is not null)
            await foreach (var record in Records(targetFile, ct).ConfigureAwait(false))
            {
                var (id, name) = kind.KeyOf(record);
                target.Put(new VerifiedRecord(Digest(id ?? name ?? ""), name is null ? 0 : KeyDigest.Of(name), FormDigest(kind, record)));
                result.TargetCount++;
            }

        using var matched = new DigestTable<KeyOnly>(bySecond: false);
        var differing = new Dictionary<ulong, JsonObject>();
        if (sourceFile is not null)
            await foreach (var record in Records(sourceFile, ct).ConfigureAwait(false))
            {
                result.SourceCount++;
                var (id, name) = kind.KeyOf(record);
                if (!(id is not null && target.TryGet(KeyDigest.Of(id), out var found)) && !(name is not null && target.TryGetBySecond(KeyDigest.Of(name), out found)))
                {
                    if (!IsEmpty(kind, record)) result.MissingOnTarget.Add(name ?? id ?? "?");
                    else result.Same++; // nothing at the source, nothing on the target
                    continue;
                }
                matched.Put(new KeyOnly(found.Key));
                if (found.Digest == FormDigest(kind, record)) result.Same++;
                else if (differing.Count < Verifier.MaxDetailedDiffs) differing[found.Key] = record;
                else result.Different.Add((name ?? id ?? "?", []));
            }

        if (targetFile is not null)
            await foreach (var record in Records(targetFile, ct).ConfigureAwait(false))
            {
                var (id, name) = kind.KeyOf(record);
                var key = Digest(id ?? name ?? "");
                if (differing.TryGetValue(key, out var source))
                    result.Different.Add((kind.KeyOf(source).Name ?? id ?? "?", FieldDiff.Between(kind.Comparable(source), kind.Comparable(record))));
                else if (!matched.TryGet(key, out _) && !IsEmpty(kind, record))
                    result.OnlyOnTarget.Add(name ?? id ?? "?");
            }
        return result;
    }

    /// <summary>A record that holds nothing (a resource without views) stands for the absence of one.</summary>
    private static bool IsEmpty(PortalKind kind, JsonObject record) => PortalForms.Canonical(kind.Comparable(record)) is null;

    private static ulong Digest(string key) => KeyDigest.Of(key);

    private static ulong FormDigest(PortalKind kind, JsonObject record) =>
        BitConverter.ToUInt64(SHA256.HashData(JsonLineFormat.ToLineBytes(PortalForms.Canonical(kind.Comparable(record)) ?? new JsonObject())));

    private static async IAsyncEnumerable<JsonObject> Records(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in JsonLinesReader.ReadAsync(path, ct).ConfigureAwait(false))
            if (!line.IsBlank && line.TryParseObject(out var record, out _))
                yield return record!;
    }
}
