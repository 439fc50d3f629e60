using CkanMigrate.Ckan;

namespace CkanMigrate.Tests.Ckan;

public sealed class CkanCapabilitiesTests
{
    [Theory]
    [InlineData("2.10.10", 2, 10, 10)]
    [InlineData("2.9.0a", 2, 9, 0)]
    [InlineData("2.11.0b1", 2, 11, 0)]
    [InlineData("2.2", 2, 2, -1)]
    public void Parses_ckan_version_strings(string text, int major, int minor, int build)
    {
        var v = CkanCapabilities.ParseVersion(text)!;
        Assert.Equal(major, v.Major);
        Assert.Equal(minor, v.Minor);
        Assert.Equal(build, v.Build);
    }

    [Fact]
    public void Hidden_version_assumes_a_modern_site()
    {
        var caps = CkanCapabilities.For(null);
        Assert.False(caps.VersionKnown);
        Assert.True(caps.SearchIncludePrivate);
    }

    [Theory]
    [InlineData("2.5.0", false)]
    [InlineData("2.5.1", true)]
    [InlineData("2.4.9", false)]
    public void Password_hashes_start_at_2_5_1(string version, bool expected) =>
        Assert.Equal(expected, CkanCapabilities.For(version).PasswordHashes);

    [Theory]
    [InlineData("2.2.4", false, false, false)]
    [InlineData("2.5.7", false, true, true)]
    [InlineData("2.6.0", true, true, true)]
    public void Paging_and_visibility_by_version(string version, bool includePrivate, bool drafts, bool listPaging)
    {
        var caps = CkanCapabilities.For(version);
        Assert.Equal(includePrivate, caps.SearchIncludePrivate);
        Assert.Equal(drafts, caps.SearchIncludeDrafts);
        Assert.Equal(listPaging, caps.GroupListPaging);
    }
}
