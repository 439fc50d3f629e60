using System.Text;
using System.Text.Json;
using CkanMigrate.Entities;

namespace CkanMigrate.JsonLines;

/// <summary>
/// What filter and the run's ledger read of a record without parsing it: its id, name, private
/// flag and state (a <see cref="FilterKey"/>) and its metadata_modified, in one pass of
/// <see cref="Utf8JsonReader"/> that skips every other value.
/// </summary>
internal static class TopLevelKey
{
    private static readonly byte[] Field = Encoding.UTF8.GetBytes("metadata_modified");
    private static readonly byte[] IdField = Encoding.UTF8.GetBytes("id");
    private static readonly byte[] NameField = Encoding.UTF8.GetBytes("name");
    private static readonly byte[] PrivateField = Encoding.UTF8.GetBytes("private");
    private static readonly byte[] StateField = Encoding.UTF8.GetBytes("state");

    /// <summary>
    /// Finds the top-level metadata_modified (null when absent or null) and the record's key fields,
    /// skipping everything else; false when the line is not a JSON object. Throws JsonException on
    /// broken JSON, as the reader does.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> raw, out string? modified, out FilterKey key)
    {
        modified = null;
        key = default;
        string? id = null, name = null, state = null;
        bool? isPrivate = null;
        var reader = new Utf8JsonReader(raw, new JsonReaderOptions { AllowTrailingCommas = false });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        string? found = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) break;
            var isField = reader.ValueTextEquals(Field);
            var which = reader.ValueTextEquals(IdField) ? 1 : reader.ValueTextEquals(NameField) ? 2 : reader.ValueTextEquals(StateField) ? 3 : reader.ValueTextEquals(PrivateField) ? 4 : 0;
            reader.Read();
            if (which is 1 or 2 or 3 && reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString();
                if (which == 1) id = text; else if (which == 2) name = text; else state = text;
            }
            else if (which == 4 && reader.TokenType is JsonTokenType.True or JsonTokenType.False) isPrivate = reader.TokenType == JsonTokenType.True;
            else if (isField && reader.TokenType == JsonTokenType.String) found = reader.GetString();
            else if (isField && reader.TokenType != JsonTokenType.Null) found = Encoding.UTF8.GetString(reader.ValueSpan);
            else reader.Skip();
        }
        // Read to the end so a truncated or trailing-garbage line is still caught as invalid.
        while (reader.Read()) { }
        modified = found;
        key = new FilterKey(id, name, isPrivate, state);
        return true;
    }
}
