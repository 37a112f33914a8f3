namespace GeoPetition.Server.Imagery;

/// <summary>Imagery settings (configuration section <c>GeoPetition:Imagery</c>, plus <c>GeoPetition:TilesDir</c>).</summary>
public sealed class ImageryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GeoPetition:Imagery";

    /// <summary>
    /// The folder holding every scene's tiles (<c>{TilesDir}/{tile_source}/{z}/{x}/{y}.png</c>, or
    /// <c>{TilesDir}/{tile_source}</c> as an .mbtiles file). From <c>GeoPetition:TilesDir</c>; by
    /// default the nearest folder named <c>tiles</c> at or above the content root.
    /// </summary>
    public string TilesDir { get; set; } = "tiles";

    /// <summary>
    /// A scene is clear when its cloud cover is known and strictly below this percentage; only
    /// clear scenes are picked by <c>/api/imagery/pair</c> (unless the request gives <c>maxCloudPct</c>).
    /// </summary>
    public double ClearCloudPct { get; set; } = 20;

    /// <summary>Cache-Control max-age of imagery tiles (a year: tiles of a scene never change; they are also marked immutable).</summary>
    public int TileMaxAgeSeconds { get; set; } = 365 * 24 * 3600;
}
