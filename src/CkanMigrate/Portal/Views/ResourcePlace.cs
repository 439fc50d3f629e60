using System.Globalization;
using System.Text.Json.Nodes;
using CkanMigrate.Comparison;

namespace CkanMigrate.Portal.Views;

/// <summary>
/// Where a resource stands: its dataset (by id, and by name, which holds across sites) and its
/// position there. A target that gave the dataset or its resources other ids still has the dataset's
/// name and the resources in the order sent, so this finds the resource's copy.
/// </summary>
internal sealed record ResourcePlace(string? DatasetId, string? DatasetName, int Position)
{
    public static ResourcePlace? Of(JsonObject record) =>
        JsonText.NonEmpty(record["package_name"]) is null && JsonText.NonEmpty(record["package_id"]) is null
        || !int.TryParse(JsonText.NonEmpty(record["position"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var position)
            ? null
            : new ResourcePlace(JsonText.NonEmpty(record["package_id"]), JsonText.NonEmpty(record["package_name"]), position);

    public override string ToString() => $"{DatasetName ?? DatasetId}#{Position}";
}
