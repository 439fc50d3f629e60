using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>
/// One DataStore table as ckanext-datastore keeps it in PostgreSQL: its columns (with their data
/// dictionary <c>info</c>), the unique key the API calls primary_key, plain indexes, and rows with a
/// serial <c>_id</c> that a failed insert still consumes (recorded on 2.10: _id values have gaps).
/// </summary>
public sealed class DataStoreTable
{
    public List<JsonObject> Fields { get; } = [];
    public List<string> PrimaryKey { get; set; } = [];
    public List<string> Indexes { get; set; } = [];
    /// <summary>Rows in _id order; each holds "_id" and a value per column.</summary>
    public List<JsonObject> Rows { get; } = [];
    public long NextId { get; set; } = 1;

    /// <summary>The unique key's values of every row, kept while only inserts happen (null: to be rebuilt).</summary>
    internal HashSet<string>? KeyIndex { get; set; }

    public JsonObject? Field(string id) => Fields.FirstOrDefault(f => FakeCkanStore.Str(f, "id") == id);
    public string TypeOf(string id) => FakeCkanStore.Str(Field(id), "type") ?? "text";
}
