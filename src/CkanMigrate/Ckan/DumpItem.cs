using System.Text.Json;
using System.Text.Json.Nodes;
using CkanMigrate.Ckan;
using CkanMigrate.JsonLines;
using CkanMigrate.Comparison;

namespace CkanMigrate.Ckan;

/// <summary>
/// One record fetched from the source, or why it could not be. A record from a search page is
/// kept as its own bytes (<see cref="Raw"/>) with the id and name read off the page: the dump
/// writes it from those without building a node tree, and <see cref="Record"/> parses it only
/// for a step that asks.
/// </summary>
internal sealed class DumpItem
{
    private readonly string? _rawName;
    private JsonObject? _record;

    private DumpItem(string key, JsonObject? record, byte[]? raw, string? name, CkanApiException? error)
    {
        Key = key;
        _record = record;
        Raw = raw;
        _rawName = name;
        Error = error;
    }

    public string Key { get; }

    public CkanApiException? Error { get; }

    /// <summary>The record as the site sent it (UTF-8 JSON), when it came in a page; else null.</summary>
    public byte[]? Raw { get; }

    /// <summary>The record as a node tree (parsed from <see cref="Raw"/> on first use); null for a failure.</summary>
    public JsonObject? Record => _record ??= Raw is null ? null : JsonNode.Parse(Raw, documentOptions: JsonLineFormat.DocumentOptions) as JsonObject;

    /// <summary>The record's id (the key of a page's record), without parsing it.</summary>
    public string? Id => Raw is not null ? Key : JsonText.String(_record?["id"]);

    /// <summary>The record's name, without parsing a page's record.</summary>
    public string? Name => Raw is not null ? _rawName : JsonText.String(_record?["name"]);

    public static DumpItem Ok(string key, JsonObject record) => new(key, record, null, null, null);

    /// <summary>A record as it came in a page: its bytes, id and name.</summary>
    public static DumpItem OkRaw(string id, string? name, byte[] raw) => new(id, null, raw, name, null);

    public static DumpItem Failed(string key, CkanApiException error) => new(key, null, null, null, error);}
