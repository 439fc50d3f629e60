using System.Text.Json.Nodes;
using CkanMigrate.Entities;
using CkanMigrate.Load;

namespace CkanMigrate.Tests.Scale;

/// <summary>
/// Issue #13 §2: the datasets index keeps no string per record (ids as UUIDs, names as digests),
/// yet gives back exactly what the loader needs: the target's own id, found by id or by name, with
/// fingerprints, owners and state that compare as the whole record did.
/// </summary>
public sealed class CompactTargetIndexTests
{
    private const string Org = "5c1e1f53-2b0a-4d4e-9d7a-0a1b2c3d4e5f";

    private static JsonObject Dataset(string id, string name, string title = "T", string state = "active") => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["title"] = title,
        ["state"] = state,
        ["owner_org"] = Org,
        ["resources"] = new JsonArray(new JsonObject { ["id"] = "r-" + name, ["url"] = "https://x/" + name, ["format"] = "CSV", ["created"] = "2020-01-01T00:00:00" }),
    };

    [Fact]
    public void Ids_come_back_exactly_whether_uuids_or_not_and_a_name_finds_the_targets_own_id()
    {
        var index = new TargetIndex(EntityKind.Datasets);
        index.Add(Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "uuid-one"));
        index.Add(Dataset("legacy-dataset-17", "legacy-one"));
        index.Add(Dataset("0B9C5C8E-1D2F-4A3B-8C7D-6E5F4A3B2C1E", "upper-case-uuid"));

        Assert.Equal(3, index.Count);
        Assert.Equal("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", index.Find("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", null)!.Id);
        Assert.Equal("legacy-dataset-17", index.Find("legacy-dataset-17", null)!.Id);
        Assert.Equal("0B9C5C8E-1D2F-4A3B-8C7D-6E5F4A3B2C1E", index.Find("0B9C5C8E-1D2F-4A3B-8C7D-6E5F4A3B2C1E", null)!.Id);
        var byName = index.Find("some-other-id", "legacy-one")!;
        Assert.Equal("legacy-dataset-17", byName.Id);
        Assert.Equal("legacy-one", byName.Name);
        Assert.Null(index.Find("nope", "nothing"));
    }

    [Fact]
    public void An_entry_compares_as_the_whole_record_did_and_a_later_write_replaces_it()
    {
        var index = new TargetIndex(EntityKind.Datasets);
        var stored = Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", state: "deleted");
        index.Add(stored);
        var found = index.Find("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", null)!;

        Assert.Equal("deleted", found.State);
        Assert.True(RecordComparer.Same(EntityKind.Datasets, Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", state: "deleted"), found));
        Assert.False(RecordComparer.Same(EntityKind.Datasets, Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", "Edited", "deleted"), found));
        var withoutCreated = Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", state: "deleted");
        ((JsonObject)((JsonArray)withoutCreated["resources"]!)[0]!).Remove("created"); // ServerFillsWhenAbsent, through the masks
        Assert.True(RecordComparer.Same(EntityKind.Datasets, withoutCreated, found));
        var otherOwner = Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", state: "deleted");
        otherOwner["owner_org"] = "another-org";
        Assert.False(RecordComparer.Same(EntityKind.Datasets, otherOwner, found));

        index.Put(TargetIndex.Describe(EntityKind.Datasets, Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", "Edited")));
        Assert.Equal(1, index.Count);
        Assert.Equal("active", index.Find(null, "one")!.State);
        Assert.True(RecordComparer.Same(EntityKind.Datasets, Dataset("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", "one", "Edited"), index.Find("0b9c5c8e-1d2f-4a3b-8c7d-6e5f4a3b2c1d", null)!));
    }
}
