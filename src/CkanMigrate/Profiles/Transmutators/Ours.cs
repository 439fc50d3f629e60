using System.Globalization;
using System.Text;
using CkanMigrate.Profiles.Engine;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>
/// What migrations need and transmute cannot say, in our own namespace (cm_): reading an extra by its
/// key, moving extras to top-level fields and back, slugging a name, and noting old → new pairs.
/// The extras ones work on the object the field belongs to (a dataset, or a nested item).
/// </summary>
internal static class Ours
{
    public static IEnumerable<TransmutatorSpec> All =>
    [
        new("cm_extra", 1, 1, "[cm_extra, KEY]", BindExtra),
        new("cm_extras_to_fields", 0, int.MaxValue, "cm_extras_to_fields | [cm_extras_to_fields, KEY, ...]", BindExtrasToFields),
        new("cm_fields_to_extras", 1, int.MaxValue, "[cm_fields_to_extras, FIELD, ...]", BindFieldsToExtras),
        new("cm_slug", 0, 0, "cm_slug", c => f => Slug(f, c)),
        new("cm_note_rename", 0, 0, "cm_note_rename", _ => NoteRename),
    ];

    private const int NameMaxLength = 100; // CKAN's longest name

    private static Exception Refuse(FieldState field, BindContext rule, string why) => field.Fail(rule.Name, $"{why} (rule at {rule.Where})");

    /// <summary>The extras of the field's object: absent is none; anything but a list of {key, value} objects rejects the record.</summary>
    private static List<object?> ExtrasOf(FieldState field, BindContext rule, object? extras)
    {
        if (extras is null) return [];
        if (extras is not List<object?> list) throw Refuse(field, rule, $"needs 'extras' to be a list, not {Py.Describe(extras)}");
        foreach (var item in list)
            if (item is not PyDict d || d.Get("key") is not string)
                throw Refuse(field, rule, "needs every extra to be an object with a text 'key'");
        return list;
    }

    private static Func<FieldState, bool>? BindExtra(BindContext rule)
    {
        if (rule.Text(0) is not { } key) return null;
        return field =>
        {
            var extras = ExtrasOf(field, rule, field.Container.Get("extras"));
            field.Value = extras.Cast<PyDict>().FirstOrDefault(e => (string)e.Get("key")! == key)?.Get("value");
            return true;
        };
    }

    /// <summary>On the extras field: the named extras (all when none is named) become fields of the object and leave the list; a field already there with another value rejects the record.</summary>
    private static Func<FieldState, bool>? BindExtrasToFields(BindContext rule)
    {
        var keys = new List<string>();
        for (var i = 0; i < rule.Count; i++)
            if (rule.Text(i) is { } key) keys.Add(key);
        if (keys.Count != rule.Count) return null;
        return field =>
        {
            var extras = ExtrasOf(field, rule, field.Value);
            var kept = new List<object?>(extras.Count);
            foreach (var extra in extras.Cast<PyDict>())
            {
                var key = (string)extra.Get("key")!;
                if (keys.Count > 0 && !keys.Contains(key))
                {
                    kept.Add(extra);
                    continue;
                }
                var value = extra.Get("value");
                // Legacy portals often kept both; the same value twice is no conflict.
                if (field.Container.TryGetValue(key, out var existing) && key != field.Name && !Py.Equals(existing, value))
                    throw Refuse(field, rule, $"would overwrite the field '{key}' with the extra of the same key and another value");
                field.Container.Set(key, value);
            }
            field.Value = kept;
            return true;
        };
    }

    /// <summary>On the extras field: the named fields of the object become {key, value} extras (text as it is, other values as JSON; null fields are dropped).</summary>
    private static Func<FieldState, bool>? BindFieldsToExtras(BindContext rule)
    {
        var names = new List<string>();
        for (var i = 0; i < rule.Count; i++)
            if (rule.Text(i) is { } name) names.Add(name);
        if (names.Count != rule.Count) return null;
        return field =>
        {
            var extras = new List<object?>(ExtrasOf(field, rule, field.Value));
            foreach (var name in names)
            {
                if (name == field.Name || !field.Container.ContainsKey(name)) continue;
                var value = field.Container.Pop(name);
                if (value is null) continue;
                if (extras.Cast<PyDict>().Any(e => (string)e.Get("key")! == name))
                    throw Refuse(field, rule, $"would add a second extra '{name}'");
                var extra = new PyDict(2);
                extra.Set("key", name);
                extra.Set("value", value is string s ? s : JsonValues.ToJson(value));
                extras.Add(extra);
            }
            field.Value = extras;
            return true;
        };
    }

    /// <summary>
    /// A name CKAN accepts: accents dropped, lower case, every run of other characters one hyphen,
    /// no hyphen at either end, at most 100 characters.
    /// </summary>
    private static bool Slug(FieldState field, BindContext rule)
    {
        if (field.Value is not string text) throw Refuse(field, rule, $"needs text, not {Py.Describe(field.Value)}");
        var slug = new StringBuilder(text.Length);
        var gap = false;
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = LatinFolding.Fold(char.ToLowerInvariant(c));
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')
            {
                if (gap && slug.Length > 0) slug.Append('-');
                gap = false;
                slug.Append(lower);
            }
            else gap = true;
        }
        var result = slug.ToString();
        if (result.Length > NameMaxLength) result = result[..NameMaxLength];
        field.Value = result.Trim('-');
        return true;
    }

    /// <summary>Remembers the value here; when the field's validators end, a changed value is noted as "old → new".</summary>
    private static bool NoteRename(FieldState field)
    {
        field.RenamedFrom = field.Value;
        field.WatchRename = true;
        return true;
    }
}
