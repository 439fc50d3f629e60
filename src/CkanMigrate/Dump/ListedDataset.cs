using System.Text.Json;

namespace CkanMigrate.Dump;

/// <summary>
/// One dataset as the incremental listing sees it: the stored index fields asked for with
/// <c>fl</c> (<see cref="ChangedDatasetsLister.ListedFields"/>), read from the document's bytes in
/// one pass, and the listing's line for it ({id, name, private, state}, keys in sorted order).
/// </summary>
internal readonly record struct ListedDataset(string? Id, string? Name, string? State, bool IsPrivate, string? Modified)
{
    public static ListedDataset Read(ReadOnlySpan<byte> json)
    {
        string? id = null, name = null, state = null, capacity = null, modified = null;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("id"u8) ? 1 : reader.ValueTextEquals("name"u8) ? 2 : reader.ValueTextEquals("state"u8) ? 3
                : reader.ValueTextEquals("capacity"u8) ? 4 : reader.ValueTextEquals("metadata_modified"u8) ? 5 : 0;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }
            var text = field == 0 ? null : reader.GetString();
            switch (field)
            {
                case 1: id = text; break;
                case 2: name = text; break;
                case 3: state = text; break;
                case 4: capacity = text; break;
                case 5: modified = text; break;
            }
        }
        return new ListedDataset(id, name, state, capacity == "private", modified);
    }

    /// <summary>The listing's line, as a dump line would be: keys sorted, compact.</summary>
    public static void WriteEntry(Utf8JsonWriter writer, ListedDataset dataset)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, dataset.Id);
        writer.WriteString("name"u8, dataset.Name);
        writer.WriteBoolean("private"u8, dataset.IsPrivate);
        writer.WriteString("state"u8, dataset.State);
        writer.WriteEndObject();
    }
}
