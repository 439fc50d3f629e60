using System.Text.Json.Nodes;
using CkanMigrate.Tests.Support;
using FakeCkan;

namespace CkanMigrate.Tests.Portal;

/// <summary>
/// A real-looking portal with every kind of issue #24: the first half's (views, a vocabulary,
/// collaborators) and the second's: showcases (an uploaded image, tags, extras, a public and a
/// private dataset, a showcase admin), pages (a page, a blog post with an uploaded image, a private
/// page), site settings (with an uploaded logo), followers of every kind, and activity.
/// </summary>
internal static class WholePortal
{
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8];

    public const string ShowcaseImage = "2025-01-02-030405.678901app-shot.png";

    public const string PageImage = "2025-02-03-040506.789012chart.png";

    public const string Logo = "2025-03-04-050607.890123our-logo.png";

    public static void Seed(FakeCkanServer source)
    {
        Support.Seed.User(source, "ann");
        Support.Seed.User(source, "bob");
        Support.Seed.User(source, "cat");
        var org = Support.Seed.Organization(source, "pub", ("ann", "admin"), ("bob", "editor"))["id"]!.ToString();
        source.Store.SeedGroup(new JsonObject { ["id"] = Support.Seed.DeterministicId("group", "transport"), ["name"] = "transport", ["title"] = "Transport" }, organization: false);
        var themes = source.Store.Portal.SeedVocabulary("themes", "economy", "health")["id"]!.ToString();
        PortalSample.Dataset(source, "maps", org, new JsonArray(new JsonObject { ["name"] = "economy", ["vocabulary_id"] = themes }));
        PortalSample.Views(source, "maps");
        PortalSample.Dataset(source, "roads", org);
        Support.Seed.Dataset(source, "secret-roads", org, isPrivate: true);
        source.Store.Portal.SeedCollaborator("roads", "bob", "member");

        Showcases(source);
        Pages(source);
        Settings(source);
        Followers(source);
    }

    public static void Showcases(FakeCkanServer source)
    {
        source.Store.Portal.SeedUploadedFile("showcase", ShowcaseImage, Png);
        source.Store.Portal.SeedShowcase(new JsonObject
        {
            ["id"] = Support.Seed.DeterministicId("showcase", "map-app"), ["name"] = "map-app", ["title"] = "Map app", ["notes"] = "An app on **maps**",
            ["url"] = "https://apps.example.org/map", ["author"] = "Apps Ltd", ["author_email"] = "apps@example.org",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "apps" }, new JsonObject { ["name"] = "maps" }),
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "platform", ["value"] = "web" }),
            ["image_url"] = ShowcaseImage,
        });
        source.Store.Portal.SeedShowcase(new JsonObject
        {
            ["id"] = Support.Seed.DeterministicId("showcase", "road-story"), ["name"] = "road-story", ["title"] = "Road story",
            ["image_url"] = "https://images.example.org/road.png",
        });
        source.Store.Portal.SeedShowcaseDataset("map-app", "maps");
        source.Store.Portal.SeedShowcaseDataset("map-app", "secret-roads"); // private: not in the showcase's own list
        source.Store.Portal.SeedShowcaseDataset("road-story", "roads");
        source.Store.Portal.SeedShowcaseAdmin("cat");
    }

    public static void Pages(FakeCkanServer source)
    {
        source.Store.Portal.SeedUploadedFile("page_images", PageImage, Png);
        source.Store.Portal.SeedPage(new JsonObject { ["name"] = "about", ["title"] = "About", ["content"] = "<p>About us</p>", ["order"] = "1", ["private"] = false });
        source.Store.Portal.SeedPage(new JsonObject
        {
            ["name"] = "news", ["title"] = "News", ["page_type"] = "blog", ["publish_date"] = "2025-03-04T05:06:07", ["private"] = false,
            ["content"] = $"<p>Our chart <img src=\"{source.BaseUrl.AbsoluteUri}uploads/page_images/{PageImage}\"> and a link <img src=\"https://example.org/n.png\"></p>",
        });
        source.Store.Portal.SeedPage(new JsonObject { ["name"] = "secret", ["title"] = "Secret", ["content"] = "<p>staff only</p>", ["private"] = true });
    }

    public static void Settings(FakeCkanServer source)
    {
        source.Store.Portal.SeedUploadedFile("admin", Logo, Png);
        source.Store.Portal.SetSiteSetting("ckan.site_title", "Open Data Portal");
        source.Store.Portal.SetSiteSetting("ckan.site_description", "Data for everyone");
        source.Store.Portal.SetSiteSetting("ckan.site_about", "About **us**");
        source.Store.Portal.SetSiteSetting("ckan.site_intro_text", "Welcome");
        source.Store.Portal.SetSiteSetting("ckan.site_custom_css", "body { color: #111; }");
        source.Store.Portal.SetSiteSetting("ckan.site_logo", "/uploads/admin/" + Logo);
        source.Store.Portal.SetSiteSetting("ckan.site_url", "https://old.example.org");
    }

    public static void Followers(FakeCkanServer source)
    {
        source.Store.Portal.SeedFollower("dataset", "ann", "maps");
        source.Store.Portal.SeedFollower("user", "ann", "bob");
        source.Store.Portal.SeedFollower("group", "ann", "pub");
        source.Store.Portal.SeedFollower("group", "ann", "transport");
        source.Store.Portal.SeedFollower("dataset", "bob", "roads");
    }

    public static Dictionary<string, string?> Keys(FakeCkanServer source, FakeCkanServer target) =>
        new() { ["CKAN_SOURCE_API_KEY"] = source.SysadminToken, ["CKAN_TARGET_API_KEY"] = target.SysadminToken };

    /// <summary>What the site's writes were, by action: the calls that changed it and succeeded.</summary>
    public static string Describe(IReadOnlyDictionary<string, int> writes) => string.Join(", ", writes.Select(w => $"{w.Key} ×{w.Value}"));
}
