using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeCkan;

/// <summary>One action call: its parameters, the caller (null = anonymous) and the site's settings.</summary>
public sealed class ActionContext(FakeCkanStore store, FakeCkanOptions options, Version version, JsonObject parameters, JsonObject? caller, string siteUrl)
{
    public FakeCkanStore Store { get; } = store;
    public FakeCkanOptions Options { get; } = options;
    public Version Version { get; } = version;
    public JsonObject Params { get; } = parameters;
    public JsonObject? Caller { get; } = caller;
    public string SiteUrl { get; } = siteUrl;

    /// <summary>The file part of a multipart call (<c>upload</c>, or <c>image_upload</c> for groups), if any.</summary>
    public UploadedPart? Upload { get; init; }

    public bool IsSysadmin => Caller?["sysadmin"]?.GetValue<bool>() == true;
    public string CallerName => FakeCkanStore.Str(Caller, "name") ?? "";
    public string? CallerId => FakeCkanStore.Str(Caller, "id");

    public bool AtLeast(int major, int minor, int build = 0) => Version >= new Version(major, minor, build);
    public bool Legacy => !AtLeast(2, 3);

    public string? Str(string key) => Params[key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>CKAN's asbool, except that 2.2 treats any non-empty string as true in many places.</summary>
    public bool Bool(string key, bool fallback)
    {
        switch (Params[key])
        {
            case null: return fallback;
            case JsonValue v when v.TryGetValue<bool>(out var b): return b;
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (Legacy) return s.Length > 0;
                return s.Trim().ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" or "y" or "t" or "1" => true,
                    "false" or "no" or "off" or "n" or "f" or "0" or "" => false,
                    _ => throw CkanActionException.Validation(key, "Value must be one of: true, false"),
                };
            case JsonValue v when v.TryGetValue<int>(out var i): return i != 0;
            default: return true;
        }
    }

    /// <summary>An optional natural number, validated as CKAN's pagination schema does.</summary>
    public int? Natural(string key)
    {
        var node = Params[key];
        if (node is null) return null;
        long value;
        if (node is JsonValue v && v.TryGetValue<long>(out var n)) value = n;
        else if (node is JsonValue s && s.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) value = parsed;
        else if (node is JsonValue s2 && s2.TryGetValue<string>(out var empty) && empty.Length == 0) return null;
        else throw CkanActionException.Validation(key, "Invalid integer");
        if (value < 0) throw CkanActionException.Validation(key, "Must be a natural number");
        return (int)Math.Min(value, int.MaxValue);
    }

    public string RequireId(string key = "id", string errorKey = "id")
    {
        var id = Str(key);
        if (string.IsNullOrEmpty(id)) throw CkanActionException.Validation(errorKey, "Missing value");
        return id;
    }

    public void RequireSysadmin(string message = "Access denied")
    {
        if (!IsSysadmin) throw CkanActionException.NotAuthorized(message);
    }

    public void RequireUser(string what)
    {
        if (Caller is null) throw CkanActionException.NotAuthorized($"Access denied: User  not authorized to {what}");
    }
}
