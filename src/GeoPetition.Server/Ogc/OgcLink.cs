using System.Text.Json.Serialization;

namespace GeoPetition.Server.Ogc;

/// <summary>A link of an OGC API document (href, rel, type, title).</summary>
public sealed record OgcLink(
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("rel")] string Rel,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null)
{
    /// <summary>GeoJSON.</summary>
    public const string GeoJson = "application/geo+json";

    /// <summary>JSON.</summary>
    public const string Json = "application/json";

    /// <summary>HTML.</summary>
    public const string Html = "text/html";
}
