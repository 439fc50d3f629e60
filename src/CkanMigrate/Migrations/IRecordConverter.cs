using System.Text.Json.Nodes;

namespace CkanMigrate.Migrations;

/// <summary>A pure record → record step of a migration profile: no I/O but its own lookup tables.</summary>
public interface IRecordConverter
{
    ConversionResult Convert(JsonObject record);
}
