using System.Text.Json.Nodes;
using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>OwnerByIdOrName: a dataset's organization may be named by a source id, a target id or its name; the record and the target agree when these overlap.</summary>
internal sealed class OwnerByIdOrName : IComparedApart
{
    public string Field => "owner_org";

    public string Rule => "OwnerByIdOrName: a source id, a target id and a name can all mean the same organization";

    public bool AppliesTo(EntityKind kind) => kind is EntityKind.Datasets or EntityKind.HarvestSources;

    /// <summary>Every way the record names its organization: owner_org (an id or a name), and the organization dict's id and name.</summary>
    public IReadOnlySet<string> Of(JsonObject record)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (JsonText.NonEmpty(record["owner_org"]) is { } owner) keys.Add(owner);
        if (record["organization"] is JsonObject org)
            foreach (var field in new[] { "id", "name" })
                if (JsonText.NonEmpty(org[field]) is { } value) keys.Add(value);
        return keys;
    }

    public bool Agrees(IReadOnlySet<string> wanted, IReadOnlySet<string> held) => wanted.Count == 0 ? held.Count == 0 : wanted.Overlaps(held);
}
