using CkanMigrate.Entities;

namespace CkanMigrate.Tests.Scale;

/// <summary>Issue #13 §1/§4: key digests are SipHash-2-4 under a per-process key, checked against the algorithm's published vectors.</summary>
public sealed class KeyDigestTests
{
    private const ulong K0 = 0x0706050403020100UL, K1 = 0x0f0e0d0c0b0a0908UL; // the key 00 01 … 0f of the paper's vectors

    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(1, 0x74f839c593dc67fdUL)]
    [InlineData(15, 0xa129ca6149be45e5UL)] // the paper's worked example
    public void SipHash_gives_the_published_vectors(int length, ulong expected)
    {
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        Assert.Equal(expected, KeyDigest.SipHash24(message, K0, K1));
    }

    [Fact]
    public void A_key_has_one_digest_within_a_process_and_long_or_non_ascii_keys_are_digested_whole()
    {
        Assert.Equal(KeyDigest.Of("dataset-000001"), KeyDigest.Of(new string("dataset-000001".ToCharArray())));
        Assert.NotEqual(KeyDigest.Of("dataset-000001"), KeyDigest.Of("dataset-000002"));
        var longKey = new string('é', 600);
        Assert.NotEqual(KeyDigest.Of(longKey), KeyDigest.Of(longKey[..599] + "e"));
    }
}
