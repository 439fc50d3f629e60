using System.Security.Cryptography;

namespace CkanMigrate.Migrations.Dgu;

/// <summary>
/// The unusable password "hash" non-production migrations give every user (spec §5.4): 50 characters
/// from the 94 printable ASCII characters. Drawn from a cryptographic generator, not Python's
/// predictable <c>random</c> as the original did.
/// </summary>
internal static class RandomPasswordHash
{
    public static string Next() => new(RandomNumberGenerator.GetItems<char>(DguTables.RandomHashAlphabet, DguTables.RandomHashLength));
}
