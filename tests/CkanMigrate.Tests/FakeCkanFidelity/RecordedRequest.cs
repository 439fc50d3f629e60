using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CkanMigrate.Tests.FakeCkanFidelity;

/// <summary>
/// Builds the HTTP request a recorded exchange describes: the key for its <c>auth</c> role, and a
/// raw body with its content type, a JSON body, or a multipart form whose files are given by
/// <see cref="FileBytes"/> (the recording keeps only their names, sizes and hashes).
/// </summary>
internal sealed class RecordedRequest
{
    /// <summary>The key to send for an auth role (sysadmin, org-admin, editor, revoked-token …); null sends none.</summary>
    public required Func<string, string?> KeyFor { get; init; }

    /// <summary>The bytes to send for a recorded file description {filename, content_type, size, sha256}.</summary>
    public Func<JsonObject, byte[]>? FileBytes { get; init; }

    /// <summary>The header the key goes in.</summary>
    public string KeyHeader { get; init; } = "Authorization";

    public HttpRequestMessage Build(JsonObject request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request["method"]!.ToString()), request["path"]!.ToString());
        if (request["auth"]?.ToString() is { } role && KeyFor(role) is { } key) message.Headers.TryAddWithoutValidation(KeyHeader, key);
        if (request["raw_body"] is { } raw)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw.ToString()));
            if (request["content_type"]?.ToString() is { } type) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        else if (request["body"] is JsonObject body)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else if (request["form"] is JsonObject form)
        {
            message.Content = Multipart(form, request["files"] as JsonObject);
        }
        else if (message.Method == HttpMethod.Post)
        {
            message.Content = new ByteArrayContent([]);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return message;
    }

    private MultipartFormDataContent Multipart(JsonObject form, JsonObject? files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (field, value) in form) content.Add(new StringContent(value?.ToString() ?? ""), field);
        foreach (var (field, node) in files ?? [])
        {
            var file = (JsonObject)node!;
            var part = new ByteArrayContent(FileBytes?.Invoke(file) ?? throw new InvalidOperationException("a multipart request needs FileBytes"));
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file["content_type"]!.ToString());
            content.Add(part, field, file["filename"]!.ToString());
        }
        return content;
    }
}
