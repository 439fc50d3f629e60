using CkanMigrate.Profiles.Source;
using CkanMigrate.Profiles.Transmutators;

namespace CkanMigrate.Profiles.Schema;

/// <summary>
/// Reads a transmute schema from its nodes, checking every key and every transmutator's arguments,
/// and reporting each problem with its file and line (all of them, not only the first).
/// </summary>
internal sealed class SchemaReader(Catalogue catalogue, ConstantPool constants, ProblemList problems)
{
    public TransmuteSchema? Read(SourceNode node)
    {
        if (!ExpectMap(node, "(schema)")) return null;
        Unknown(node, SchemaKeys.Schema, "schema");
        var root = node.Member("root");
        var types = node.Member("types");
        if (root is null) problems.Add(node, "root", "the schema has no root type");
        else if (!root.IsText || (string)root.Scalar! == "") problems.Add(root, "root", "must name a type");
        if (types is null)
        {
            problems.Add(node, "types", "the schema has no types");
            return null;
        }
        if (!ExpectMap(types, "types")) return null;
        if (types.Members.Count == 0) problems.Add(types, "types", "the schema defines no type");
        var rules = types.Members.ToDictionary(m => m.Key, m => new TypeRule(m.Key), StringComparer.Ordinal);
        foreach (var (name, body) in types.Members) ReadType(rules[name], body, rules);
        if (root?.Scalar is string rootName && rootName != "" && !rules.ContainsKey(rootName))
            problems.Add(root, "root", $"names the type '{rootName}', which types does not define");
        return root?.Scalar is string r && rules.TryGetValue(r, out var rootRule) ? new TransmuteSchema(rootRule, rules) : null;
    }

    private bool ExpectMap(SourceNode node, string key)
    {
        if (node.Kind == SourceKind.Map) return true;
        problems.Add(node, key, $"must be a mapping, not {node.Describe()}");
        return false;
    }

    private void Unknown(SourceNode node, string[] known, string what)
    {
        foreach (var (key, value) in node.Members)
            if (!known.Contains(key)) problems.Add(value, key, $"is not a key of a {what} (known: {string.Join(", ", known)})");
    }

    private void ReadType(TypeRule type, SourceNode body, Dictionary<string, TypeRule> types)
    {
        if (!ExpectMap(body, type.Name)) return;
        Unknown(body, SchemaKeys.Type, "type");
        if (body.Member("drop_unknown_fields") is { } drop) type.DropUnknownFields = Flag(drop, "drop_unknown_fields");
        type.PreFields = ReadFields(type, body.Member("pre-fields"), "pre-fields", types);
        type.Fields = ReadFields(type, body.Member("fields"), "fields", types);
        type.PostFields = ReadFields(type, body.Member("post-fields"), "post-fields", types);
    }

    private FieldRule[] ReadFields(TypeRule type, SourceNode? list, string key, Dictionary<string, TypeRule> types)
    {
        if (list is null || !ExpectMap(list, key)) return [];
        var fields = new List<FieldRule>();
        foreach (var (name, body) in list.Members)
            if (ReadField(type, name, body, types) is { } field) fields.Add(field);
        return [.. fields.OrderBy(f => f.Weight)]; // a stable sort, as Python's sorted: equal weights keep their order
    }

    private FieldRule? ReadField(TypeRule type, string name, SourceNode body, Dictionary<string, TypeRule> types)
    {
        if (body.Kind != SourceKind.Map)
        {
            problems.Add(body, name, $"a field's rules must be a mapping (write {{}} for none), not {body.Describe()}");
            return null;
        }
        Unknown(body, SchemaKeys.Field, "field");
        var field = new FieldRule(name, type.Name, body);
        var given = body.Members.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        if (body.Member("map") is { } map) field.Map = Text(map, "map");
        if (body.Member("multiple") is { } multiple) field.Multiple = Flag(multiple, "multiple");
        if (body.Member("remove") is { } remove) field.Remove = Flag(remove, "remove");
        if (body.Member("update") is { } update) field.Update = Flag(update, "update");
        if (body.Member("validate_missing") is { } missing) field.ValidateMissing = Flag(missing, "validate_missing");
        if (body.Member("default") is { } fallback) field.Default = constants.Add(fallback.ToValue());
        if (body.Member("value") is { } value) field.Value = constants.Add(value.ToValue());
        if (body.Member("weight") is { } weight) field.Weight = Number(weight, "weight");
        var combine = true;
        if (body.Member("inherit_mode") is { } mode)
        {
            if (mode.Scalar is string m && SchemaKeys.InheritModes.Contains(m)) combine = m == "combine";
            else problems.Add(mode, "inherit_mode", $"must be one of {string.Join(", ", SchemaKeys.InheritModes)}");
        }
        field.DefaultFrom = Inherit(body.Member("default_from"), "default_from", combine);
        field.ReplaceFrom = Inherit(body.Member("replace_from"), "replace_from", combine);
        if (given.Contains("inherit_mode") && field.DefaultFrom?.IsList != true && field.ReplaceFrom?.IsList != true)
            problems.Add(body.Member("inherit_mode")!, "inherit_mode", "only applies to a list of fields in default_from or replace_from");
        var itemsType = type;
        if (body.Member("type") is { } typeName && Text(typeName, "type") is { } named)
        {
            field.Type = named;
            if (types.TryGetValue(named, out var found)) itemsType = found;
            else problems.Add(typeName, "type", $"names the type '{named}', which types does not define");
        }
        if (field.Multiple) field.Items = itemsType;
        if (body.Member("validators") is { } validators) field.Steps = Steps(validators);
        CheckCombinations(field, body, given);
        return field;
    }

    /// <summary>Keys transmute would silently ignore together: refused, so that nothing in a profile is without effect.</summary>
    private void CheckCombinations(FieldRule field, SourceNode body, HashSet<string> given)
    {
        if (field.Remove && given.Except(["remove", "weight"]).FirstOrDefault() is { } ignored)
            problems.Add(body.Member(ignored)!, ignored, "has no effect on a field with remove: true");
        if (field.Multiple)
            foreach (var key in new[] { "validators", "validate_missing" })
                if (given.Contains(key)) problems.Add(body.Member(key)!, key, "has no effect on a multiple field (put the rules on the fields of its type)");
        if (given.Contains("update") && field.Update && field.Value is null)
            problems.Add(body.Member("update")!, "update", "needs a value to add to the field");
    }

    private Inherit? Inherit(SourceNode? node, string key, bool combine)
    {
        if (node is null) return null;
        if (node.IsText && (string)node.Scalar! != "") return new Inherit(key, [(string)node.Scalar!], false, combine);
        if (node.Kind == SourceKind.List && node.Items.Count > 0 && node.Items.All(i => i.IsText))
            return new Inherit(key, node.Items.Select(i => (string)i.Scalar!).ToList(), true, combine);
        problems.Add(node, key, "must name a field, or be a list of field names");
        return null;
    }

    private Step[] Steps(SourceNode node)
    {
        if (node.Kind != SourceKind.List)
        {
            problems.Add(node, "validators", $"must be a list of transmutators, not {node.Describe()}");
            return [];
        }
        var steps = new List<Step>();
        foreach (var item in node.Items)
        {
            var (nameNode, args) = item.Kind == SourceKind.List && item.Items.Count > 0 ? (item.Items[0], item.Items.Skip(1).ToList()) : (item, new List<SourceNode>());
            if (item.Kind == SourceKind.List && item.Items.Count <= 1)
            {
                problems.Add(item, "validators", "Arguments for validator weren't provided (a list names the transmutator, then its arguments; write a bare name for none)");
                continue;
            }
            if (nameNode.Scalar is not string name)
            {
                problems.Add(nameNode, "validators", $"a transmutator is named by text, not {nameNode.Describe()}");
                continue;
            }
            if (catalogue.Find(name) is not { } spec)
            {
                problems.Add(nameNode, "validators", $"no transmutator is called '{name}'");
                continue;
            }
            if (args.Count < spec.MinArgs || args.Count > spec.MaxArgs)
            {
                problems.Add(item, name, $"takes {Arity(spec)}, not {args.Count}: {spec.Usage}");
                continue;
            }
            var context = new BindContext(name, item, args, constants, problems, item.Where);
            if (spec.Bind(context) is { } run) steps.Add(new Step(name, item, run));
        }
        return [.. steps];
    }

    private static string Arity(TransmutatorSpec spec)
    {
        var (min, max) = (spec.MinArgs, spec.MaxArgs);
        if (max == 0) return "no argument";
        if (min == max) return $"{min} argument{(min == 1 ? "" : "s")}";
        return max == int.MaxValue ? $"at least {min} argument{(min == 1 ? "" : "s")}" : $"{min} to {max} arguments";
    }

    private string? Text(SourceNode node, string key)
    {
        if (node.Scalar is string s && s != "") return s;
        problems.Add(node, key, $"must be a non-empty text, not {node.Describe()}");
        return null;
    }

    /// <summary>A switch: true or false; numbers as transmute's own tests write them (remove: 1). Text is refused: "false" would be true to transmute.</summary>
    private bool Flag(SourceNode node, string key)
    {
        switch (node.Scalar)
        {
            case bool b when node.Kind == SourceKind.Scalar: return b;
            case long l: return l != 0;
            case double d: return d != 0;
        }
        problems.Add(node, key, $"must be true or false, not {node.Describe()}");
        return false;
    }

    private double Number(SourceNode node, string key)
    {
        if (node.Scalar is long l) return l;
        if (node.Scalar is double d && double.IsFinite(d)) return d;
        problems.Add(node, key, $"must be a number, not {node.Describe()}");
        return 0;
    }
}
