using System.Text.Json;

namespace CkanMigrate.Migrations;

/// <summary>
/// The fast path of a converter: reads the record's UTF-8 bytes and writes the converted record
/// straight to a JSON writer, copying everything it does not change byte for byte instead of
/// building a tree. It checks the bytes itself (invalid JSON or a non-object is Rejected with the reason).
/// </summary>
public interface IRawRecordConverter : IRecordConverter
{
    /// <summary>Writes the converted record and returns Converted (Record null), or returns Skipped/Rejected having written nothing usable.</summary>
    ConversionResult ConvertRaw(ReadOnlyMemory<byte> json, Utf8JsonWriter writer);
}
