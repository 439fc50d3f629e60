using System.Text.RegularExpressions;
using CkanMigrate.Comparison;
using CkanMigrate.Files;

namespace CkanMigrate.Portal.Pages;

/// <summary>
/// Images uploaded into a page's content: ckanext-pages' upload action stores them under
/// /uploads/page_images/ then the upload time and the file name, and the editor puts the absolute
/// URL (the site's own host at the time) into the HTML (actions.py, pages_upload). Any other image
/// is a link, left as it is.
/// </summary>
internal static partial class PageImages
{
    public const string Folder = "/uploads/page_images/";

    /// <summary>One uploaded image a page's content names: its URL there and its stored file name.</summary>
    public sealed record Image(string Url, string Name)
    {
        public string FileId => "page_images/" + Name;

        /// <summary>Where the source serves it: under the address the source is reached by, whatever host the content names.</summary>
        public UploadedFile File(Uri site, string page) => new(FileId, page, new Uri(site, Folder.TrimStart('/') + Uri.EscapeDataString(Name)).AbsoluteUri, Name);
    }

    public static IReadOnlyList<Image> In(string? content) =>
        content is null ? [] : Uploaded().Matches(content).Select(m => new Image(m.Groups["url"].Value, Uri.UnescapeDataString(m.Groups["name"].Value)))
            .DistinctBy(i => i.Url, StringComparer.Ordinal).ToList();

    /// <summary>The content with each uploaded image named by its file name alone, for comparing.</summary>
    public static string? Normalised(string? content) =>
        content is null ? null : Uploaded().Replace(content, m => Folder + RepresentationRules.UploadedImageName(Uri.UnescapeDataString(m.Groups["name"].Value)));

    /// <summary>The content with each uploaded image's URL replaced by the target's (those not in <paramref name="urls"/> left as they are).</summary>
    public static string Rewritten(string content, IReadOnlyDictionary<string, string> urls) =>
        Uploaded().Replace(content, m => urls.GetValueOrDefault(m.Groups["url"].Value, m.Value));

    /// <summary>The same image whatever its upload time: the name after the time.</summary>
    public static string Key(string name) => RepresentationRules.UploadedImageName(name);

    [GeneratedRegex("""(?<url>[^"'\s<>()]*?/uploads/page_images/(?<name>[^"'\s<>/?#()]+))""")]
    private static partial Regex Uploaded();
}
