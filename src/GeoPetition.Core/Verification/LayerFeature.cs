using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>
/// One feature of an authoritative layer as the engine sees it, whatever its source (PostGIS or
/// memory): which layer and version it came from, its key, its attributes by column, and its
/// geometry in <see cref="Spatial.Srids.Storage"/> (EPSG:4490 lon/lat).
/// </summary>
public sealed record LayerFeature(
    string LayerId, int VersionId, long Fid, LayerKind Kind, string Key,
    IReadOnlyDictionary<string, object?> Attributes, Geometry Geometry)
{
    public string? Text(string column) => Attributes.TryGetValue(column, out var v) && v is not null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public DateOnly? Date(string column) => Attributes.TryGetValue(column, out var v) ? v switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s when DateOnly.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    } : null;

    public double? Number(string column) => Attributes.TryGetValue(column, out var v) ? v switch
    {
        double d => d,
        int i => i,
        long l => l,
        float f => f,
        decimal m => (double)m,
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    } : null;

    public bool? Flag(string column) => Attributes.TryGetValue(column, out var v) ? v switch
    {
        bool b => b,
        string s => s is "是" or "Y" or "1" or "true",
        int i => i != 0,
        _ => null,
    } : null;
}

/// <summary>A layer version the engine consulted: cited in every stored result.</summary>
public sealed record LayerVersionRef(string LayerId, LayerKind Kind, int VersionId, string SourceName, string SourceSha256, DateTimeOffset? ImportedAt);
