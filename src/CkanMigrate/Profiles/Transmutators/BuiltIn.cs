using CkanMigrate.Profiles.Engine;
using CkanMigrate.Profiles.Schema;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Transmutators;

/// <summary>
/// The 14 transmutators of ckanext-transmute v1.8.0, with its results and its error messages. Where
/// transmute would stop with a Python error (lower-casing a number, a missing key in
/// tsm_get_nested…), the record is rejected with a sentence naming the field and the rule.
/// </summary>
internal static class BuiltIn
{
    public static IEnumerable<TransmutatorSpec> All =>
    [
        new("tsm_name_validator", 0, 0, "tsm_name_validator", _ => NameValidator),
        new("tsm_to_lowercase", 0, 0, "tsm_to_lowercase", c => f => Text(f, c, PyCasing.ToLower)),
        new("tsm_to_uppercase", 0, 0, "tsm_to_uppercase", c => f => Text(f, c, PyCasing.ToUpper)),
        new("tsm_string_only", 0, 0, "tsm_string_only", _ => f => f.Value is string ? true : throw new InvalidValueException("Must be a string value")),
        new("tsm_isodate", 0, 0, "tsm_isodate", c => f => IsoDateStep(f, c)),
        new("tsm_to_string", 0, 0, "tsm_to_string", _ => f => Set(f, Py.Str(f.Value))),
        new("tsm_stop_on_empty", 0, 0, "tsm_stop_on_empty", _ => f => Py.Truthy(f.Value)),
        new("tsm_get_nested", 1, int.MaxValue, "[tsm_get_nested, KEY_OR_INDEX, ...]", BindGetNested),
        new("tsm_trim_string", 1, 1, "[tsm_trim_string, MAX_LENGTH]", BindTrim),
        new("tsm_concat", 1, int.MaxValue, "[tsm_concat, PART, ...]  (\"$self\" is the value, \"$name\" the record's field)", BindConcat),
        new("tsm_unique_only", 0, 0, "tsm_unique_only", c => f => UniqueOnly(f, c)),
        new("tsm_mapper", 1, 2, "[tsm_mapper, {OLD: NEW, ...}, DEFAULT?]", BindMapper),
        new("tsm_list_mapper", 1, 2, "[tsm_list_mapper, {OLD: NEW, ...}, REMOVE_UNMAPPED?]", BindListMapper),
        new("tsm_map_value", 2, 3, "[tsm_map_value, TEST, IF_SAME, IF_DIFFERENT?]", BindMapValue),
    ];

    private static bool Set(FieldState field, object? value)
    {
        field.Value = value;
        return true;
    }

    private static Exception Crash(FieldState field, BindContext rule, string why) =>
        field.Fail(rule.Name, $"{why} (rule at {rule.Where})");

    private static bool Text(FieldState field, BindContext rule, Func<string, string> change) =>
        field.Value is string s ? Set(field, change(s)) : throw Crash(field, rule, $"needs text, not {Py.Describe(field.Value)}");

    private static readonly string[] ReservedNames = ["new", "edit", "search"];

    /// <summary>CKAN's name_validator (ckan.logic.validators), messages and all; its pattern's $ also lets one final newline through.</summary>
    private static bool NameValidator(FieldState field)
    {
        if (field.Value is not string name) throw new InvalidValueException("Names must be strings");
        if (ReservedNames.Contains(name)) throw new InvalidValueException("That name cannot be used");
        var length = PyStrings.Length(name);
        if (length < 2) throw new InvalidValueException("Must be at least 2 characters long");
        if (length > 100) throw new InvalidValueException("Name must be a maximum of 100 characters long");
        var body = name.EndsWith('\n') ? name[..^1] : name;
        if (!body.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            throw new InvalidValueException("Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        return true;
    }

    private static bool IsoDateStep(FieldState field, BindContext rule)
    {
        if (field.Value is PyDate) return true;
        if (field.Value is not string text) throw Crash(field, rule, $"needs text, not {Py.Describe(field.Value)}");
        return IsoDate.TryRead(text, out var date) switch
        {
            IsoDate.Outcome.Read => Set(field, date),
            IsoDate.Outcome.OutOfRange => throw new InvalidValueException("Date format incorrect"),
            _ when string.IsNullOrWhiteSpace(text) => throw new InvalidValueException("Date format incorrect"),
            IsoDate.Outcome.OffsetTooLarge => throw Crash(field, rule, $"cannot read '{text}': a time zone offset must be less than a day"),
            _ => throw new InvalidValueException($"Date format incorrect ('{text}' is not an ISO 8601 date; free-text dates are not read, see profiles/README.md)"),
        };
    }

    private static Func<FieldState, bool>? BindGetNested(BindContext rule)
    {
        var path = new object?[rule.Count];
        for (var i = 0; i < rule.Count; i++) path[i] = rule.Value(i);
        return field =>
        {
            foreach (var key in path) field.Value = Index(field, rule, field.Value, key);
            return true;
        };
    }

    /// <summary>value[key] with Python's outcomes: a TypeError is transmute's "Error parsing path"; a missing key or index made it fail.</summary>
    private static object? Index(FieldState field, BindContext rule, object? value, object? key)
    {
        switch (value)
        {
            case PyDict dict when Py.Hashable(key):
                return key is string name && dict.TryGetValue(name, out var found)
                    ? found
                    : throw Crash(field, rule, $"found no key {Py.Repr(key)} in the object");
            case List<object?> list when key is long or bool or System.Numerics.BigInteger:
                var index = key is bool b ? (b ? 1 : 0) : key is long l ? l : long.MaxValue;
                if (index < 0) index += list.Count;
                return index >= 0 && index < list.Count ? list[(int)index] : throw Crash(field, rule, $"found no item {Py.Repr(key)} in a list of {list.Count}");
            case string text when key is long or bool:
                var at = key is bool c ? (c ? 1 : 0) : (long)key;
                return PyStrings.At(text, at) ?? throw Crash(field, rule, $"found no character {at} in text of {PyStrings.Length(text)}");
            default:
                throw new InvalidValueException("Error parsing path");
        }
    }

    private static Func<FieldState, bool>? BindTrim(BindContext rule)
    {
        if (rule.Integer(0) is not { } max) return null;
        return field => field.Value switch
        {
            string s => Set(field, PyStrings.Prefix(s, max)),
            List<object?> list => Set(field, list.Take((int)Math.Clamp(max < 0 ? list.Count + max : max, 0, list.Count)).ToList()),
            _ => throw Crash(field, rule, $"needs text or a list, not {Py.Describe(field.Value)}"),
        };
    }

    private static Func<FieldState, bool>? BindConcat(BindContext rule)
    {
        var parts = new object?[rule.Count];
        for (var i = 0; i < rule.Count; i++) parts[i] = rule.Value(i);
        return field =>
        {
            var text = new System.Text.StringBuilder();
            foreach (var part in parts)
            {
                if (part is "$self") text.Append(Py.Str(field.Value));
                else if (part is string s && s.StartsWith('$'))
                {
                    // A reference to another field of the whole record; one it lacks adds nothing.
                    if (field.Record.TryGetValue(s.TrimStart('$').Trim(), out var other)) text.Append(Py.Str(other));
                }
                else text.Append(Py.Str(part));
            }
            return Set(field, text.ToString());
        };
    }

    /// <summary>list(set(value)): the same members; transmute's order is its set's (for text, different in every process), ours the first-seen order.</summary>
    private static bool UniqueOnly(FieldState field, BindContext rule)
    {
        if (field.Value is not List<object?> list) throw new InvalidValueException("Field value must be an array");
        var seen = new HashSet<object?>(PyEquality.Instance);
        var unique = new List<object?>(list.Count);
        foreach (var item in list)
        {
            if (!Py.Hashable(item)) throw Crash(field, rule, $"cannot compare {Py.Describe(item)} items");
            if (seen.Add(item)) unique.Add(item);
        }
        return Set(field, unique);
    }

    private static Func<FieldState, bool>? BindMapper(BindContext rule)
    {
        var mapping = rule.Mapping(0);
        var fallback = rule.Count > 1 ? rule.Constant(1) : null;
        if (mapping is null) return null;
        return field =>
        {
            if (!Py.Hashable(field.Value)) throw Crash(field, rule, $"cannot look up {Py.Describe(field.Value)}");
            if (field.Value is string key && mapping.TryGetValue(key, out var mapped)) return Set(field, mapped.Get(field.Scope));
            // transmute's `default or value`: a default that is empty keeps the value.
            return fallback is not null && Py.Truthy(fallback.Template) ? Set(field, fallback.Get(field.Scope)) : true;
        };
    }

    private static Func<FieldState, bool>? BindListMapper(BindContext rule)
    {
        var mapping = rule.Mapping(0);
        var remove = rule.Count > 1 ? rule.Boolean(1) : false;
        if (mapping is null || remove is null) return null;
        return field =>
        {
            if (field.Value is not List<object?> list) return true;
            var result = new List<object?>(list.Count);
            foreach (var item in list)
            {
                if (!Py.Hashable(item)) throw Crash(field, rule, $"cannot look up {Py.Describe(item)} items");
                var mapped = item is string key && mapping.TryGetValue(key, out var to) ? to.Get(field.Scope) : null;
                if (!Py.Truthy(mapped) && remove.Value) continue;
                result.Add(Py.Truthy(mapped) ? mapped : item);
            }
            return Set(field, result);
        };
    }

    private static Func<FieldState, bool>? BindMapValue(BindContext rule)
    {
        var test = rule.Constant(0);
        var same = rule.Constant(1);
        var different = rule.Count > 2 ? rule.Constant(2) : null;
        return field =>
        {
            if (Py.Equals(field.Value, test.Template)) field.Value = same.Get(field.Scope);
            else if (different is not null) field.Value = different.Get(field.Scope);
            return true;
        };
    }
}
