namespace GeoPetition.Server.Tiles;

/// <summary>
/// Vector tile settings (configuration section <c>GeoPetition:Tiles</c>). Tiles are in the
/// WebMercatorQuad tile matrix set (EPSG:3857, 256-pixel tiles, XYZ numbering with y = 0 at the north).
/// </summary>
public sealed class TileOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GeoPetition:Tiles";

    /// <summary>Largest zoom served and advertised in TileJSON (WebMercatorQuad goes to 24; viewers stop earlier).</summary>
    public int MaxZoom { get; set; } = 22;

    /// <summary>
    /// From this zoom on, geometry is served at full detail: no simplification and no feature is
    /// dropped. Below it, features smaller than <see cref="MinFeaturePixels"/> are left out and
    /// geometry is simplified by <see cref="SimplifyPixels"/>, and each layer keeps its
    /// <see cref="MaxFeaturesPerLayer"/> largest features.
    /// </summary>
    public int FullDetailZoom { get; set; } = 14;

    /// <summary>
    /// Below <see cref="FullDetailZoom"/>, polygons and lines whose bounding box is smaller than
    /// this many 256-px display pixels in both directions are left out (0.5 px: they would not be seen).
    /// </summary>
    public double MinFeaturePixels { get; set; } = 0.5;

    /// <summary>Below <see cref="FullDetailZoom"/>, the ST_Simplify tolerance in display pixels.</summary>
    public double SimplifyPixels { get; set; } = 0.25;

    /// <summary>
    /// Below <see cref="FullDetailZoom"/>, at most this many features per layer and tile: the
    /// largest (by bounding box). About 60 bytes a parcel, so 6000 stay well under 500 KB and the
    /// work per tile is bounded however dense the layer.
    /// </summary>
    public int MaxFeaturesPerLayer { get; set; } = 6000;

    /// <summary>
    /// No tile is served larger than this (bytes): a tile that comes out larger is generated again
    /// with 4× the minimum feature size, 2× the tolerance and half the features, up to
    /// <see cref="MaxGeneralisationSteps"/> times (also at full-detail zooms).
    /// </summary>
    public int MaxTileBytes { get; set; } = 500 * 1024;

    /// <summary>How many coarser attempts a too-large tile gets.</summary>
    public int MaxGeneralisationSteps { get; set; } = 6;

    /// <summary>Memory for generated tiles, in megabytes (0 turns the server-side tile cache off).</summary>
    public int CacheMegabytes { get; set; } = 256;

    /// <summary>
    /// <c>Cache-Control: max-age</c> of tiles, seconds. 0 (the default) sends <c>no-cache</c>: clients
    /// keep tiles but revalidate them with their ETag, so a new layer version shows at once.
    /// </summary>
    public int MaxAgeSeconds { get; set; }

    /// <summary>Most layers in one multi-layer tile request.</summary>
    public int MaxLayersPerRequest { get; set; } = 20;
}
