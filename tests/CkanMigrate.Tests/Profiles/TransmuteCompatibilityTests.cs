using System.Text.Json.Nodes;
using CkanMigrate.Migrations;

namespace CkanMigrate.Tests.Profiles;

/// <summary>
/// Each case of <see cref="TransmuteCases"/>: our converter's result equals ckanext-transmute
/// v1.8.0's for the same schema and record, its validation errors come back as rejections with the
/// same "Type:field: message", and where it fails with a Python error we reject with a reason that
/// names the field and the rule.
/// </summary>
public sealed class TransmuteCompatibilityTests
{
    [Theory]
    [MemberData(nameof(TransmuteCases.All), MemberType = typeof(TransmuteCases))]
    public void Same_result_as_transmute(string name, string schema, string record, string expected)
    {
        using var harness = new ProfileHarness();
        var profile = harness.Load("schema.json", schema);
        var (result, json) = ProfileHarness.Convert(profile, record);
        if (expected.StartsWith("INVALID ", StringComparison.Ordinal))
        {
            Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
            Assert.StartsWith(expected["INVALID ".Length..], result.Reason);
        }
        else if (expected.StartsWith("CRASH ", StringComparison.Ordinal))
        {
            Assert.Equal(ConversionOutcome.Rejected, result.Outcome);
            foreach (var part in expected["CRASH ".Length..].Split(" | ")) Assert.Contains(part, result.Reason);
        }
        else
        {
            Assert.True(result.Outcome == ConversionOutcome.Converted, $"{name}: {result.Reason}");
            // Same values and, beyond what the issue asks, the same key order as transmute's dict.
            Assert.Equal(Compact(expected), Compact(json!));
        }
    }

    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();
}
