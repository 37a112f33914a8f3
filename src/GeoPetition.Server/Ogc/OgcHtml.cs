using System.Net;
using System.Text;
using System.Text.Json;

namespace GeoPetition.Server.Ogc;

/// <summary>
/// The HTML face of the OGC API, for a person browsing: plain pages with the same links as the
/// JSON documents. Everything from data is HTML-encoded.
/// </summary>
internal static class OgcHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Head(string title) => $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{Encode(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;margin:2em;max-width:80em{"}"}table{"{"}border-collapse:collapse{"}"}td,th{"{"}border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top{"}"}</style>
        </head><body><h1>{Encode(title)}</h1>
        """;

    public const string Tail = "</body></html>";

    public static string Link(string href, string text) => $"<a href=\"{Encode(href)}\">{Encode(text)}</a>";

    public static string Page(string title, string body) => Head(title) + body + Tail;

    public static string Links(IEnumerable<OgcLink> links)
    {
        var html = new StringBuilder("<ul>");
        foreach (var link in links)
        {
            html.Append("<li>").Append(Link(link.Href, link.Title ?? link.Rel)).Append(" <small>(").Append(Encode(link.Rel))
                .Append(", ").Append(Encode(link.Type)).Append(")</small></li>");
        }

        return html.Append("</ul>").ToString();
    }

    /// <summary>One table row for a GeoJSON feature: its id (linked) and its properties.</summary>
    public static string FeatureRow(string featureJson, IReadOnlyList<string> columns, string itemHref)
    {
        using var doc = JsonDocument.Parse(featureJson);
        var root = doc.RootElement;
        var id = root.GetProperty("id").ToString();
        var row = new StringBuilder("<tr><td>").Append(Link(itemHref.Replace("{id}", id, StringComparison.Ordinal), id)).Append("</td>");
        var properties = root.GetProperty("properties");
        foreach (var column in columns)
        {
            var value = properties.TryGetProperty(column, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";
            row.Append("<td>").Append(Encode(value)).Append("</td>");
        }

        return row.Append("</tr>\n").ToString();
    }
}
