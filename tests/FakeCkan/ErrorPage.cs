using Microsoft.AspNetCore.Http;

namespace FakeCkan;

/// <summary>
/// CKAN's HTML error page, as a browser would get it: the title is "Error CODE - SITE TITLE" (500s
/// read "Error [500] - …"), the body is the theme's, which a client can only show, not read.
/// </summary>
internal static class ErrorPage
{
    public static async Task WriteAsync(HttpContext http, int status, string siteTitle)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        if (HttpMethods.IsHead(http.Request.Method)) return; // the same status and headers, no body
        var code = status >= 500 ? $"[{status}]" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.Response.WriteAsync($"<!DOCTYPE html>\n<html><head><title>Error {code} - {System.Net.WebUtility.HtmlEncode(siteTitle)}</title></head><body><h1>Error {code}</h1></body></html>\n").ConfigureAwait(false);
    }
}
