using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CkanMigrate.Comparison;
using CkanMigrate.JsonLines;

namespace CkanMigrate.DataStore;

/// <summary>
/// The tables a datasets dump names: every resource with <c>datastore_active: true</c> in a dataset
/// that is not deleted. The flag is the datastore plugin's own (set by datastore_create, cleared when
/// the table is dropped), so it is what says a table exists without asking the site per resource.
/// </summary>
internal static class TablesInDatasets
{
    public static async IAsyncEnumerable<TableRef> ReadAsync(string datasetsFile, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in JsonLinesReader.ReadAsync(datasetsFile, ct).ConfigureAwait(false))
        {
            // Most datasets have no table: only a line that holds the flag is worth parsing.
            if (line.IsBlank || !MayHaveTable(line.Raw.Span) || !line.TryParseObject(out var dataset, out _) || JsonText.Text(dataset!["state"]) == "deleted") continue;
            var position = 0;
            foreach (var resource in (dataset["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (IsActive(resource["datastore_active"]) && JsonText.Text(resource["id"]) is { Length: > 0 } id && JsonText.Text(resource["state"]) != "deleted")
                    yield return new TableRef(id, JsonText.Text(dataset["id"]), JsonText.Text(dataset["name"]), position);
                position++;
            }
        }
    }

    /// <summary>Whether some datastore_active in the line is not false or null (a site with the plugin shows it on every resource).</summary>
    private static bool MayHaveTable(ReadOnlySpan<byte> line)
    {
        var key = "\"datastore_active\""u8;
        for (var at = line.IndexOf(key); at >= 0; at = line.IndexOf(key) is var next and >= 0 ? next : -1)
        {
            line = line[(at + key.Length)..].TrimStart(" \t:"u8);
            if (!line.StartsWith("false"u8) && !line.StartsWith("null"u8)) return true;
        }
        return false;
    }

    /// <summary>true, or "True"/"true" as old sites kept resource extras as strings.</summary>
    private static bool IsActive(JsonNode? flag) => flag is JsonValue v &&
        ((v.TryGetValue<bool>(out var b) && b) || (v.TryGetValue<string>(out var s) && s.Equals("true", StringComparison.OrdinalIgnoreCase)));
}
