using CkanMigrate.DataStore;

namespace CkanMigrate.Pipeline;

/// <summary>
/// <c>verify --datastore</c>: both sides' tables were dumped the same way; a source table is the
/// same on the target when the table of its resource (same id, else the same place in the same
/// dataset) has the same columns (types and data dictionary), unique key, indexes, row count and
/// row checksum. A resource whose legacy id the target refused is found under its derived id.
/// </summary>
internal static class TableComparison
{
    public static KindComparison Between(string sourceFolder, string targetFolder, Ids.TargetIds? ids = null)
    {
        var result = new KindComparison("datastore");
        var source = new DataStoreFolder(sourceFolder).Definitions();
        var target = new DataStoreFolder(targetFolder).Definitions();
        result.SourceCount = source.Count;
        result.TargetCount = target.Count;
        var byId = target.ToDictionary(t => t.ResourceId, StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in source)
        {
            var there = (ids?.Candidates(Ids.IdKind.Resource, table.ResourceId) ?? [table.ResourceId]).Select(byId.GetValueOrDefault).FirstOrDefault(t => t is not null)
                        ?? target.FirstOrDefault(t => t.PackageName == table.PackageName && t.Position == table.Position && !matched.Contains(t.ResourceId));
            if (there is null)
            {
                result.MissingOnTarget.Add(table.ResourceId);
                continue;
            }
            matched.Add(there.ResourceId);
            var fields = new List<(string, string?, string?)>();
            if (!TableShape.Same(table.Fields, there.Fields))
                fields.Add(("fields", TableShape.Canonical(table.Fields).ToJsonString(), TableShape.Canonical(there.Fields).ToJsonString()));
            if (table.PrimaryKey is { } key && there.PrimaryKey is { } theirs && !key.Order().SequenceEqual(theirs.Order()))
                fields.Add(("primary_key", string.Join(",", key), string.Join(",", theirs)));
            if (!table.Indexes.Order().SequenceEqual(there.Indexes.Order()))
                fields.Add(("indexes", string.Join(",", table.Indexes), string.Join(",", there.Indexes)));
            if (table.Rows != there.Rows) fields.Add(("rows", table.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), there.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            else if (table.Sha256 != there.Sha256) fields.Add(("rows sha256", table.Sha256, there.Sha256));
            if (fields.Count == 0) result.Same++;
            else result.Different.Add(($"{table.PackageName ?? table.PackageId} resource {table.ResourceId}", fields));
        }
        foreach (var t in target.Where(t => !matched.Contains(t.ResourceId))) result.OnlyOnTarget.Add(t.ResourceId);
        return result;
    }
}
