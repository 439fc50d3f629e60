
namespace CkanMigrate.Entities;

/// <summary>Where records come from or go to: a CKAN site (URL + its own key) or a folder of dump files.</summary>
public sealed record Endpoint(Uri? Url, string? Folder, string? ApiKey)
{
    public bool IsCkan => Url is not null;

    public static Endpoint Parse(string text, string? apiKey)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            return new Endpoint(url, null, apiKey);
        return new Endpoint(null, Path.GetFullPath(text), null);
    }

    /// <summary>The dump file of a kind in a folder: KIND.jsonl or KIND.jsonl.gz, or null.</summary>
    public string? FileOf(EntityDescriptor entity) => FileOf(entity.CliName);

    /// <summary>The dump file of a kind named so (a portal kind's: views.jsonl) in a folder, or null.</summary>
    public string? FileOf(string kind)
    {
        if (Folder is null) return null;
        foreach (var name in new[] { $"{kind}.jsonl", $"{kind}.jsonl.gz" })
        {
            var path = Path.Combine(Folder, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    public override string ToString() => Url?.ToString() ?? Folder!;
}
