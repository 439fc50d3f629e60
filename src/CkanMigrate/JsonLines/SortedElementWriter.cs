using System.Runtime.InteropServices;
using System.Text.Json;

namespace CkanMigrate.JsonLines;

/// <summary>
/// Writes a parsed <see cref="JsonElement"/> in the line format (<see cref="JsonLineFormat"/>: keys
/// sorted at every depth, ordinal as for a JsonObject), straight from the document: no node tree
/// is built, and the scratch lists of names are kept per depth and reused record after record.
/// The bytes are those <see cref="JsonLineFormat.WriteSorted"/> writes for the same record (leaves
/// go through the same JsonElement writing); a key given twice keeps its last value, as Python's
/// json does. One instance per writer: not thread-safe.
/// </summary>
internal sealed class SortedElementWriter
{
    private readonly List<List<(string Name, int Order, JsonElement Value)>> _scratch = [];
    private readonly NameCache _names = new();

    public void Write(Utf8JsonWriter writer, JsonElement element) => Write(writer, element, 0);

    /// <summary>The property's name from the cache (records repeat the same names), decoded anew only when escaped.</summary>
    private string NameOf(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.IndexOf((byte)'\\') < 0 ? _names.Get(raw) : property.Name;
    }

    private void Write(Utf8JsonWriter writer, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                while (_scratch.Count <= depth) _scratch.Add([]);
                var members = _scratch[depth];
                members.Clear();
                foreach (var property in element.EnumerateObject()) members.Add((NameOf(property), members.Count, property.Value));
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName && byName != 0 ? byName : a.Order.CompareTo(b.Order));
                writer.WriteStartObject();
                for (var i = 0; i < members.Count; i++)
                {
                    if (i + 1 < members.Count && members[i + 1].Name == members[i].Name) continue; // the later value wins
                    writer.WritePropertyName(members[i].Name);
                    Write(writer, members[i].Value, depth + 1);
                }
                writer.WriteEndObject();
                members.Clear(); // let the elements go: they point into a document that will be returned to the pool
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item, depth + 1);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
