using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Indexing;
using CkanMigrate.JsonLines;
using CkanMigrate.Comparison;

namespace CkanMigrate.Pipeline;

/// <summary>
/// <c>verify</c>: puts the source through the profile (an offline <see cref="MigrationRun"/> into a
/// folder), reads the target (a dump when it is a site), and compares them kind by kind: counts,
/// records missing on either side, and records that differ with a field-level diff (server-managed
/// fields ignored, as load ignores them). Only fingerprints of the target are held in memory; the
/// differing records are re-read for their diffs.
/// </summary>
public sealed class Verifier(RunOptions options)
{
    public const int MaxDetailedDiffs = 1000;

    public async Task<IReadOnlyList<KindComparison>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var (sourceSite, targetSite) = (await ProbeAsync(options.From, cancellationToken).ConfigureAwait(false), await ProbeAsync(options.To, cancellationToken).ConfigureAwait(false));
        var pair = options.Pair(sourceSite, targetSite);
        WorkFolders.WorkFolder.Claim(options.WorkFolder, pair);
        var targetKey = targetSite?.Key ?? Ckan.KeyAccess.None;
        var root = Path.Combine(options.WorkFolder, "verify");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var expected = Path.Combine(root, "expected");
        await new MigrationRun(options with { To = new Endpoint(null, expected, null), Since = null, PropagateDeletes = false, WorkFolder = Path.Combine(root, "expected-work") })
            .RunAsync(cancellationToken).ConfigureAwait(false);
        var actual = options.To.Folder;
        if (options.To.IsCkan)
        {
            actual = Path.Combine(root, "actual");
            await new MigrationRun(new RunOptions
            {
                From = options.To, To = new Endpoint(null, actual, null), Profile = RunOptions.NoProfile, WorkFolder = Path.Combine(root, "actual-work"),
                Parallel = options.Parallel, Transport = options.Transport, Files = options.Files, DataStore = options.DataStore, Asked = options.Asked, Declined = options.Declined,
            }).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        // The source's records as the load made them for this target: ids it refuses are the derived ones (the same rule as the load's).
        using var targetClient = targetSite is null ? null : options.ClientFor(options.To);
        var ids = targetClient is null ? null : Preflight.TargetProfile.Lazy(targetClient, targetSite!).Ids(pair.Source.IdSite);
        var results = new List<KindComparison>();
        var (expectedFolder, actualFolder) = (new Endpoint(null, expected, null), new Endpoint(null, actual, null));
        // The source's datasets name its vocabularies by its own ids: compared as the load writes them, with the target's.
        var vocabularies = expectedFolder.FileOf(Portal.PortalKinds.Vocabularies.CliName) is { } sourceVocabularies
            ? await Portal.Vocabularies.VocabularyIds.BetweenFilesAsync(sourceVocabularies, actualFolder.FileOf(Portal.PortalKinds.Vocabularies.CliName), cancellationToken).ConfigureAwait(false)
            : null;
        // A target member who is a user of the source but not a member there is one the load would remove: a difference.
        var members = expectedFolder.FileOf(EntityDescriptor.Users) is { } sourceUsers && targetKey.UserName is { } keyOwner
            ? await Load.MemberRule.ReadAsync(sourceUsers, keyOwner, cancellationToken).ConfigureAwait(false) : null; // as the run: not where the key's account is unknown
        foreach (var step in Portal.RunOrder.All)
        {
            var source = expectedFolder.FileOf(step.CliName);
            var target = actualFolder.FileOf(step.CliName);
            if (source is null && target is null) continue;
            if (step.Portal is { } portalKind)
            {
                results.Add(await Portal.PortalComparison.CompareAsync(portalKind, source, target, cancellationToken).ConfigureAwait(false));
                continue;
            }
            var entity = step.Core!;
            var translated = entity.Kind == EntityKind.Datasets ? vocabularies : null;
            Func<JsonObject, Task<JsonObject>> asOnTarget = async record =>
            {
                var written = ids is null ? record : (await ids.RewriteAsync(entity.Kind, record, cancellationToken).ConfigureAwait(false)).Record;
                translated?.Apply(written);
                return written;
            };
            results.Add(await CompareAsync(entity.Kind, entity.CliName, source, target, targetKey, asOnTarget, cancellationToken,
                entity.IsGroupLike ? members : null).ConfigureAwait(false));
        }
        var sourceFiles = Path.Combine(root, "expected-work", "1-dump", "files");
        var targetFiles = Path.Combine(root, "actual-work", "1-dump", "files");
        if (options.Files && options.From.IsCkan && options.To.IsCkan && results.FirstOrDefault(r => r.Kind == "datasets") is { } datasets)
            FileComparison.Into(datasets, sourceFiles, targetFiles, ids);
        if (options.DataStore && options.From.IsCkan && options.To.IsCkan)
            results.Add(TableComparison.Between(Path.Combine(root, "expected-work", "1-dump", "datastore"), Path.Combine(root, "actual-work", "1-dump", "datastore"), ids));
        return results;
    }

    /// <summary>What the site is, and whose the key is (the load never changes that account, so verify must know it too).</summary>
    private async Task<Ckan.CkanSiteInfo?> ProbeAsync(Endpoint end, CancellationToken ct)
    {
        if (!end.IsCkan) return null;
        using var client = options.ClientFor(end);
        var site = await client.ProbeAsync(ct).ConfigureAwait(false);
        return site with { Key = await Ckan.KeyCheck.LearnOwnerAsync(client, site.Key, ct).ConfigureAwait(false) };
    }

    /// <param name="asOnTarget">a source record as the load writes it to this target (ids it refuses replaced, vocabulary tags on the target's vocabularies)</param>
    /// <param name="members">organizations and groups: the members a run removes, which the target must not hold</param>
    private static async Task<KindComparison> CompareAsync(EntityKind kind, string name, string? sourceFile, string? targetFile, Ckan.KeyAccess targetKey,
        Func<JsonObject, Task<JsonObject>> asOnTarget, CancellationToken ct, Load.MemberRule? members = null)
    {
        var result = new KindComparison(name);
        // The target by id and by name, as digests in a table that spills to disk past the memory
        // budget (FieldDiff's digest of each record); the differing records are re-read for diffs.
        using var target = new DigestTable<VerifiedRecord>(bySecond: true);
        if (targetFile is not null)
            await foreach (var record in Records(targetFile, ct).ConfigureAwait(false))
            {
                var (id, recordName) = Key(record);
                target.Put(new VerifiedRecord(KeyDigest.Of(id), recordName is null ? 0 : KeyDigest.Of(recordName), FieldDiff.Digest(kind, record)));
                result.TargetCount++;
            }

        using var matched = new DigestTable<KeyOnly>(bySecond: false);
        var differing = new Dictionary<ulong, JsonObject>();
        if (sourceFile is not null)
            await foreach (var sourceRecord in Records(sourceFile, ct).ConfigureAwait(false))
            {
                var record = await asOnTarget(sourceRecord).ConfigureAwait(false);
                result.SourceCount++;
                var id = JsonText.NonEmpty(record["id"]);
                var recordName = JsonText.NonEmpty(record["name"]);
                var key = recordName ?? id ?? "?";
                if (SkipRules.For(kind, targetKey, id, recordName) is { } rule)
                {
                    result.SkippedByRule.Add((key, rule));
                    continue;
                }
                // Matched as the loader matches: by id, then by name (a target that gave its own ids still has the name).
                if (!(id is not null && target.TryGet(KeyDigest.Of(id), out var found))
                    && !(recordName is not null && target.TryGetBySecond(KeyDigest.Of(recordName), out found)))
                {
                    result.MissingOnTarget.Add(key);
                    continue;
                }
                matched.Put(new KeyOnly(found.Key));
                if (found.Digest == FieldDiff.Digest(kind, record)) result.Same++;
                else if (differing.Count < MaxDetailedDiffs) differing[found.Key] = record;
                else result.Different.Add((key, []));
            }

        if (targetFile is not null)
            await foreach (var record in Records(targetFile, ct).ConfigureAwait(false))
            {
                var (id, recordName) = Key(record);
                var digest = KeyDigest.Of(id);
                if (differing.TryGetValue(digest, out var source))
                {
                    var fields = FieldDiff.Between(kind, source, record);
                    if (members is not null && source["users"] is JsonArray)
                    {
                        var held = Comparison.ComparedApart.Members.Of(record);
                        foreach (var gone in members.Removed(held, Comparison.ComparedApart.Members.Of(source))) fields.Add(($"users[{gone}]", null, held[gone]));
                    }
                    if (fields.Count == 0) result.Same++; // digests differ only where a rule says the values agree (owner by name, extra members)
                    else result.Different.Add((JsonText.NonEmpty(source["name"]) ?? id, fields));
                }
                else if (!matched.TryGet(digest, out _) && !IsSysadmin(kind, record) && SkipRules.For(kind, targetKey, id, recordName) is null)
                    result.OnlyOnTarget.Add(recordName ?? id); // the target's own admin accounts are not migration differences
            }
        return result;
    }

    private static bool IsSysadmin(EntityKind kind, JsonObject record) =>
        kind == EntityKind.Users && record["sysadmin"] is JsonValue admin && admin.TryGetValue<bool>(out var isAdmin) && isAdmin;

    private static (string Id, string? Name) Key(JsonObject record) => (JsonText.NonEmpty(record["id"]) ?? JsonText.NonEmpty(record["name"]) ?? "", JsonText.NonEmpty(record["name"]));

    private static async IAsyncEnumerable<JsonObject> Records(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in JsonLinesReader.ReadAsync(path, ct).ConfigureAwait(false))
            if (!line.IsBlank && line.TryParseObject(out var record, out _))
                yield return record!;
    }

    public static string Markdown(RunOptions options, IReadOnlyList<KindComparison> kinds)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# ckan-migrate verify report").AppendLine();
        text.AppendLine(inv, $"- source: `{options.From}` through profile `{options.Profile}`");
        text.AppendLine(inv, $"- target: `{options.To}`");
        text.AppendLine(inv, $"- result: **{(kinds.All(k => k.Clean) ? "no differences" : "differences found")}**").AppendLine();
        text.AppendLine("| kind | source | target | same | skipped by rule | missing on target | only on target | different |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var k in kinds)
            text.AppendLine(inv, $"| {k.Kind} | {k.SourceCount} | {k.TargetCount} | {k.Same} | {k.SkippedByRule.Count} | {k.MissingOnTarget.Count} | {k.OnlyOnTarget.Count} | {k.Different.Count} |");
        foreach (var k in kinds.Where(k => k.SkippedByRule.Count > 0))
        {
            text.AppendLine().AppendLine(inv, $"{k.Kind} skipped by a rule of the load (not compared, not a difference):").AppendLine();
            foreach (var (key, rule) in k.SkippedByRule.Take(200)) text.AppendLine(inv, $"- `{key}`: {rule}");
        }
        foreach (var k in kinds.Where(k => k.FilesSame > 0)) text.AppendLine().AppendLine(inv, $"- {k.Kind}: {k.FilesSame} uploaded files the same on both sides (SHA-256)");
        foreach (var k in kinds.Where(k => !k.Clean))
        {
            text.AppendLine().AppendLine(inv, $"## {k.Kind}").AppendLine();
            foreach (var key in k.MissingOnTarget.Take(200)) text.AppendLine(inv, $"- missing on target: `{key}`");
            foreach (var key in k.OnlyOnTarget.Take(200)) text.AppendLine(inv, $"- only on target: `{key}`");
            foreach (var (key, fields) in k.Different.Take(200))
            {
                text.AppendLine(inv, $"- differs: `{key}`");
                foreach (var (field, source, target) in fields) text.AppendLine(inv, $"  - `{field}`: source `{source ?? "∅"}` → target `{target ?? "∅"}`");
            }
        }
        return text.ToString();
    }

    public static JsonObject Json(IReadOnlyList<KindComparison> kinds) => new()
    {
        ["differs"] = !kinds.All(k => k.Clean),
        ["kinds"] = new JsonObject(kinds.Select(k => KeyValuePair.Create(k.Kind, (JsonNode?)new JsonObject
        {
            ["source"] = k.SourceCount,
            ["target"] = k.TargetCount,
            ["same"] = k.Same,
            ["skipped_by_rule"] = new JsonArray(k.SkippedByRule.Select(x => (JsonNode)new JsonObject { ["key"] = x.Key, ["rule"] = x.Rule }).ToArray()),
            ["files_same"] = k.FilesSame,
            ["missing_on_target"] = new JsonArray(k.MissingOnTarget.Select(x => (JsonNode)x).ToArray()),
            ["only_on_target"] = new JsonArray(k.OnlyOnTarget.Select(x => (JsonNode)x).ToArray()),
            ["different"] = new JsonArray(k.Different.Select(d => (JsonNode)new JsonObject
            {
                ["key"] = d.Key,
                ["fields"] = new JsonArray(d.Fields.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["source"] = f.Source, ["target"] = f.Target }).ToArray()),
            }).ToArray()),
        }))),
    };

    public static string JsonReport(IReadOnlyList<KindComparison> kinds) => Json(kinds).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
