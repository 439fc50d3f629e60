using CkanMigrate.Entities;

namespace CkanMigrate.Comparison;

/// <summary>
/// A field left out of a record's comparable form and compared by a rule of its own. Each rule says,
/// once, what of the field counts and when two values agree; load's unchanged check (against what
/// the target index keeps) and verify's field walk (two whole records) both read it from here.
/// </summary>
internal interface IComparedApart
{
    /// <summary>The field's name in a record.</summary>
    string Field { get; }

    /// <summary>The rule's name and why it exists (for the docs and the code's readers).</summary>
    string Rule { get; }

    bool AppliesTo(EntityKind kind);
}
