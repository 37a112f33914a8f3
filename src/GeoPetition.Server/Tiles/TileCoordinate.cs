using System.Globalization;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// A tile of the WebMercatorQuad tile matrix set: zoom <see cref="Z"/>, column <see cref="X"/>
/// (0 at 180°W) and row <see cref="Y"/> (0 at the north edge, 85.05°N), as in XYZ URLs.
/// </summary>
public readonly record struct TileCoordinate(int Z, int X, int Y)
{
    /// <summary>The deepest level of WebMercatorQuad as OGC defines it.</summary>
    public const int MaxZoomOfMatrix = 24;

    /// <summary>
    /// Parses and checks z/x/y from a URL: 0 ≤ z ≤ <paramref name="maxZoom"/> and 0 ≤ x, y &lt; 2^z.
    /// On failure <paramref name="parameter"/> names the bad value and <paramref name="problem"/> says what is accepted.
    /// </summary>
    public static bool TryParse(string? z, string? x, string? y, int maxZoom, out TileCoordinate tile, out string parameter, out string problem)
    {
        tile = default;
        parameter = "";
        problem = "";
        if (!int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out var zoom) || zoom > maxZoom)
        {
            parameter = "z";
            problem = $"zoom '{z}' is not a whole number from 0 to {maxZoom}";
            return false;
        }

        var size = 1L << zoom;
        if (!long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var column) || column >= size)
        {
            parameter = "x";
            problem = $"column '{x}' is not a whole number from 0 to {size - 1} (at zoom {zoom})";
            return false;
        }

        if (!long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row >= size)
        {
            parameter = "y";
            problem = $"row '{y}' is not a whole number from 0 to {size - 1} (at zoom {zoom})";
            return false;
        }

        tile = new TileCoordinate(zoom, (int)column, (int)row);
        return true;
    }

    /// <summary>Width of one 256-px display pixel at this zoom, in degrees of longitude.</summary>
    public double PixelDegrees => 360.0 / (256.0 * Math.Pow(2, Z));

    /// <summary>"z/x/y".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Z}/{X}/{Y}");
}
