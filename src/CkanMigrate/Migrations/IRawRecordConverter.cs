using System.Text.Json;

namespace CkanMigrate.Migrations;

/// <summary>
/// The fast path of a converter: reads the parsed document and writes the converted record straight
/// to a JSON writer, copying everything it does not change byte for byte instead of building a tree.
/// </summary>
public interface IRawRecordConverter : IRecordConverter
{
    /// <summary>Writes the converted record and returns Converted (Record null), or returns Skipped/Rejected having written nothing usable.</summary>
    ConversionResult ConvertRaw(JsonElement record, Utf8JsonWriter writer);
}
