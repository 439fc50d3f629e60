using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeCkan.Actions;

/// <summary>CKAN's validators, with their exact messages (from the recorded 2.10 exchanges).</summary>
internal static partial class Validation
{
    /// <summary>Collects field errors in schema order, as CKAN's navl does.</summary>
    public sealed class Errors
    {
        private readonly JsonObject _fields = new();

        public bool Any => _fields.Count > 0;

        public void Add(string field, params string[] messages)
        {
            if (_fields[field] is not JsonArray list) _fields[field] = list = new JsonArray();
            foreach (var m in messages) list.Add(m);
        }

        public void Set(string field, JsonNode value) => _fields[field] = value;

        public void ThrowIfAny()
        {
            if (Any) throw CkanActionException.Validation((JsonObject)_fields.DeepClone());
        }
    }

    public static void Name(Errors errors, string? name, string field = "name")
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(field, "Missing value");
            return;
        }
        if (name.Length < 2)
            errors.Add(field, "Must be at least 2 characters long", $"Name \"{name}\" length is less than minimum 2");
        else if (name.Length > 100)
            errors.Add(field, "Name must be a maximum of 100 characters long", $"Name \"{name}\" length is more than maximum 100");
        else if (!NamePattern().IsMatch(name) || name is "new" or "edit" or "search")
            errors.Add(field, "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
    }

    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    public static void Email(Errors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (!IsEmail(value.Trim())) errors.Add(field, $"Email {value} is not a valid format");
    }

    public static void Tags(Errors errors, JsonNode? tags, JsonObject request)
    {
        if (tags is null) return;
        if (tags is not JsonArray list || list.Any(t => t is not JsonObject))
            throw CkanActionException.Integrity("Only lists of dicts can be placed against subschema ('tags',), not <class 'list'>", request);
        foreach (var tag in list.OfType<JsonObject>())
        {
            var name = FakeCkanStore.Str(tag, "name") ?? "";
            if (name.Length < 2) errors.Add("tags", $"Tag \"{name}\" length is less than minimum 2");
            else if (name.Length > 100) errors.Add("tags", $"Tag \"{name}\" length is more than maximum 100");
            if (!TagPattern().IsMatch(name))
                errors.Add("tags", $"Tag \"{name}\" can only contain alphanumeric characters, spaces (\" \"), hyphens (\"-\"), underscores (\"_\") or dots (\".\")");
        }
    }

    /// <summary>CKAN's isodate: naive ISO 8601; a trailing Z is "Date format incorrect".</summary>
    public static bool IsIsoDate(string value) =>
        !value.EndsWith('Z') && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex("^[a-z0-9_-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w \-.]*$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[0-9a-zA-Z _-]{7,100}$")]
    public static partial Regex ResourceIdPattern();
}
