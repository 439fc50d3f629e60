using CkanMigrate.Ids;

namespace CkanMigrate.Tests.Ids;

/// <summary>
/// Issue #25 §2: the one rule for which ids a UUID-only target (CKAN 2.11) takes is Python's
/// uuid.UUID, not .NET's Guid.TryParse; and a refused id's replacement is Python's uuid5 of the
/// source site, the table and the id, so any tool can compute it. Expected values from Python 3.
/// </summary>
public sealed class IdRuleTests
{
    [Theory]
    [InlineData("01234567-89ab-cdef-0123-456789abcdef", true)]
    [InlineData("0123456789abcdef0123456789abcdef", true)] // 32 hex digits, no dashes
    [InlineData("{01234567-89ab-cdef-0123-456789abcdef}", true)]
    [InlineData("urn:uuid:01234567-89ab-cdef-0123-456789abcdef", true)] // Guid.TryParse refuses this
    [InlineData("0123-4567-89AB-cdef-0123-4567-89ab-cdef", true)] // dashes anywhere: Guid.TryParse refuses this
    [InlineData("0x23456789abcdef0123456789abcdef", true)] // int(x, 16) takes a 0x prefix
    [InlineData("1_23456789abcdef0123456789abcdef", true)] // and underscores between digits
    [InlineData("(01234567-89ab-cdef-0123-456789abcdef)", false)] // Guid.TryParse takes this
    [InlineData("{0x01234567,0x89ab,0xcdef,{0x01,0x23,0x45,0x67,0x89,0xab,0xcd,0xef}}", false)] // and this
    [InlineData("-0123456789abcdef0123456789abcde", false)]
    [InlineData("legacy-dataset-0001", false)]
    [InlineData("", false)]
    public void An_id_is_a_uuid_exactly_when_Pythons_uuid_UUID_reads_it(string id, bool accepted) =>
        Assert.Equal(accepted, PythonUuid.Accepts(id));

    [Fact]
    public void A_derived_id_is_Pythons_uuid5_of_the_site_the_table_and_the_id()
    {
        // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://data.example.org/package/legacy-1'))"
        Assert.Equal("2a878903-0459-5b1d-a48b-b046ac8d51a5", DerivedIds.For("https://data.example.org", IdKind.Package, "legacy-1"));
        Assert.Equal(Support.Uuid5.OfUrl("https://data.example.org/user/carol"), DerivedIds.For("https://data.example.org", IdKind.User, "carol"));
        Assert.NotEqual(DerivedIds.For("https://data.example.org", IdKind.Package, "legacy-1"), DerivedIds.For("https://data.example.org", IdKind.Resource, "legacy-1"));
        Assert.NotEqual(DerivedIds.For("https://data.example.org", IdKind.Package, "legacy-1"), DerivedIds.For("https://other.example.org", IdKind.Package, "legacy-1"));
        Assert.True(PythonUuid.Accepts(DerivedIds.For(null, IdKind.User, "x")));
    }
}
