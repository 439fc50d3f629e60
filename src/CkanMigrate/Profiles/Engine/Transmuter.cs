using CkanMigrate.Profiles.Schema;
using CkanMigrate.Profiles.Values;

namespace CkanMigrate.Profiles.Engine;

/// <summary>
/// transmute v1.8.0's algorithm over one object: pre-fields, fields and post-fields each in weight
/// order, then unknown fields dropped if the type says so. Inside a field the order is transmute's:
/// remove; default_from (when empty); replace_from; default (when empty); value (or update); the
/// items of a multiple field, or else the validators (skipped when the field is absent, unless
/// validate_missing); map last. Where transmute would stop with a Python error, the record is
/// rejected with a sentence instead.
/// </summary>
internal static class Transmuter
{
    public static void Run(PyDict data, TypeRule type, RecordScope scope)
    {
        foreach (var field in type.PreFields) Process(field, data, scope);
        List<string>? known = type.DropUnknownFields ? new List<string>(type.Fields.Length) : null;
        foreach (var field in type.Fields)
            if (Process(field, data, scope) is { } name) known?.Add(name);
        foreach (var field in type.PostFields) Process(field, data, scope);
        if (known is null) return;
        for (var i = data.Count - 1; i >= 0; i--)
            if (!known.Contains(data.KeyAt(i))) data.RemoveAt(i);
    }

    /// <summary>One field; returns the name it ends under (for drop_unknown_fields), or null when it ends removed or untouched.</summary>
    private static string? Process(FieldRule field, PyDict data, RecordScope scope)
    {
        if (field.Remove)
        {
            data.Pop(field.Name);
            return null;
        }
        var value = data.Get(field.Name);
        if (field.DefaultFrom is { } defaultFrom && !Py.Truthy(value)) data.Set(field.Name, value = Inherit(data, defaultFrom, field));
        if (field.ReplaceFrom is { } replaceFrom) data.Set(field.Name, value = Inherit(data, replaceFrom, field));
        if (field.Default is { } fallback && !Py.Truthy(value)) data.Set(field.Name, value = fallback.Get(scope));
        if (field.Value is { } fixedValue)
        {
            if (field.Update) UpdateInPlace(field, data, fixedValue.Get(scope));
            else data.Set(field.Name, value = fixedValue.Get(scope));
        }
        if (field.Multiple)
        {
            TransmuteItems(field, value, scope);
        }
        else
        {
            if (!data.ContainsKey(field.Name) && !field.ValidateMissing) return null;
            data.Set(field.Name, ApplySteps(field, value, data, scope));
        }
        if (field.Map is null) return field.Name;
        data.Set(field.Map, data.Pop(field.Name));
        return field.Map;
    }

    private static object? Inherit(PyDict data, Inherit from, FieldRule field)
    {
        if (!from.IsList) return Required(data, from.Fields[0], from, field);
        if (!from.Combine)
        {
            foreach (var name in from.Fields)
                if (Required(data, name, from, field) is var candidate && Py.Truthy(candidate)) return candidate;
            return null;
        }
        var combined = new List<object?>();
        foreach (var name in from.Fields)
        {
            var item = Required(data, name, from, field);
            if (item is List<object?> list) combined.AddRange(list);
            else combined.Add(item);
        }
        return combined;
    }

    private static object? Required(PyDict data, string name, Inherit from, FieldRule field) =>
        data.TryGetValue(name, out var value)
            ? value
            : throw new RecordRejectedException($"{field.Type}:{field.Name}: {from.Key} names '{name}', which this record does not have (rule at {field.At.Where})");

    /// <summary>update: true merges a dict value into the field's dict, or appends a list value to its list.</summary>
    private static void UpdateInPlace(FieldRule field, PyDict data, object? addition)
    {
        if (!data.TryGetValue(field.Name, out var current))
            throw new RecordRejectedException($"{field.Type}:{field.Name}: update needs the field, which this record does not have (rule at {field.At.Where})");
        if (!IsInstance(current, addition)) throw new RecordRejectedException($"{field.Name}: Original value has different type");
        switch (current)
        {
            case PyDict dict: dict.Update((PyDict)addition!); break;
            case List<object?> list: list.AddRange((List<object?>)addition!); break;
            default: throw new RecordRejectedException($"{field.Name}: Field value is not mutable");
        }
    }

    /// <summary>isinstance(current, type(addition)): a bool is an int in Python, an int is not a float.</summary>
    private static bool IsInstance(object? current, object? addition) => addition switch
    {
        null => current is null,
        bool => current is bool,
        long or System.Numerics.BigInteger => current is long or System.Numerics.BigInteger or bool,
        double => current is double,
        string => current is string,
        PyDict => current is PyDict,
        List<object?> => current is List<object?>,
        _ => false,
    };

    /// <summary>
    /// Each item of a multiple field through its type. transmute iterates whatever the value is: a
    /// list's items, a dict's keys, a string's characters. An item that is not an object only
    /// passes when its type would not touch it; anything else made transmute fail, and rejects here.
    /// </summary>
    private static void TransmuteItems(FieldRule field, object? value, RecordScope scope)
    {
        if (!Py.Truthy(value)) return;
        var type = field.Items!;
        switch (value)
        {
            case List<object?> list:
                foreach (var item in list)
                {
                    var nested = item is RawJson raw ? raw.Parse() : item;
                    if (nested is PyDict dict) Run(dict, type, scope);
                    else CheckUntouched(field, type, nested);
                }
                break;
            case PyDict dict:
                for (var i = 0; i < dict.Count; i++) CheckUntouched(field, type, dict.KeyAt(i));
                break;
            case string text:
                foreach (var c in text.EnumerateRunes()) CheckUntouched(field, type, c.ToString());
                break;
            default:
                throw new RecordRejectedException($"{field.Owner}:{field.Name}: a multiple field needs a list, not {Py.Describe(value)} (rule at {field.At.Where})");
        }
    }

    private static void CheckUntouched(FieldRule field, TypeRule type, object? item)
    {
        var untouched = !type.TouchesItems && (!type.DropUnknownFields || item is "" || item is List<object?> { Count: 0 });
        if (!untouched)
            throw new RecordRejectedException($"{field.Owner}:{field.Name}: each item of a multiple field must be an object, not {Py.Describe(item)} (rule at {field.At.Where})");
    }

    private static object? ApplySteps(FieldRule field, object? value, PyDict data, RecordScope scope)
    {
        if (field.Steps.Length == 0) return value;
        var state = scope.Field;
        state.Start(field.Name, field.Type, value, data, scope);
        try
        {
            foreach (var step in field.Steps)
                if (!step.Run(state)) break;
        }
        catch (InvalidValueException e)
        {
            throw new RecordRejectedException($"{state.Key}: {e.Message}");
        }
        if (state.WatchRename && !Py.Equals(state.RenamedFrom, state.Value))
            scope.Notes.Add(($"renamed {state.Key}", $"{Py.Str(state.RenamedFrom)} → {Py.Str(state.Value)}"));
        return state.Value;
    }
}
