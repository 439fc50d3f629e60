using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CkanMigrate.Dump;

/// <summary>
/// What a folder of dump files says of each of its files (<see cref="FileName"/>): whether it holds
/// every record of its kind the source had — a full dump, proven complete, nothing failed — with its
/// size and SHA-256, so that a file changed since (edited, or replaced by another tool's dump) no
/// longer counts. A run whose source is a folder deletes on the target only what a complete dump
/// lacks: absence from a partial file proves nothing.
/// </summary>
internal static class CompleteDumps
{
    public const string FileName = "ckan-migrate-dumps.json";

    /// <summary>Records what <paramref name="file"/> now holds; <paramref name="incompleteBecause"/> null means every record.</summary>
    public static async Task RecordAsync(string file, string source, long records, string? incompleteBecause, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        var ledgerPath = Path.Combine(Path.GetDirectoryName(full)!, FileName);
        var entries = Read(ledgerPath);
        entries[Path.GetFileName(full)] = new JsonObject
        {
            ["complete"] = incompleteBecause is null,
            ["why_not"] = incompleteBecause,
            ["records"] = records,
            ["bytes"] = new FileInfo(full).Length,
            ["sha256"] = await DigestAsync(full, ct).ConfigureAwait(false),
            ["source"] = source,
            ["finished"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        var temp = ledgerPath + ".tmp";
        await File.WriteAllTextAsync(temp, entries.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
        File.Move(temp, ledgerPath, overwrite: true);
    }

    /// <summary>Why <paramref name="file"/> cannot be taken for every record of its kind, or null when it can.</summary>
    public static async Task<string?> WhyNotCompleteAsync(string file, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        var name = Path.GetFileName(full);
        var folder = Path.GetDirectoryName(full)!;
        if (Read(Path.Combine(folder, FileName))[name] is not JsonObject entry)
            return $"{folder} records no complete dump of {name} (ckan-migrate dump --all -O, or run --to a folder, records one)";
        if (entry["complete"]?.GetValue<bool>() != true)
            return $"the dump of {name} in {folder} was not complete: {entry["why_not"]?.GetValue<string>() ?? "reason not recorded"}";
        if (entry["bytes"]?.GetValue<long>() != new FileInfo(full).Length || entry["sha256"]?.GetValue<string>() != await DigestAsync(full, ct).ConfigureAwait(false))
            return $"{full} changed since ckan-migrate wrote it (size or SHA-256 differ from {FileName})";
        return null;
    }

    private static JsonObject Read(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return []; // unreadable: nothing in it can vouch for a file
        }
    }

    private static async Task<string> DigestAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }
}
