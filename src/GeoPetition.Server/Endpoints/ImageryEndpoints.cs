using System.Text.RegularExpressions;
using GeoPetition.Server.Imagery;
using GeoPetition.Server.Ogc;
using GeoPetition.Server.Tiles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Dated imagery: the scene catalog, the before/after pair for a place and a date, and raster tiles.
/// <code>
/// GET /api/imagery/scenes?bbox=minLon,minLat,maxLon,maxLat&amp;from=YYYY-MM-DD&amp;to=YYYY-MM-DD
/// GET /api/imagery/pair?geometry=&lt;GeoJSON or WKT, EPSG:4490&gt;&amp;date=YYYY-MM-DD[&amp;maxCloudPct=20]
/// GET /imagery/{sceneId}/{z}/{x}/{y}.png (or .jpg)    WebMercatorQuad XYZ tiles of one scene
/// </code>
/// Scenes are the features of the current version of every ImageryScene layer. Tiles carry a
/// strong ETag and <c>Cache-Control: public, max-age=31536000, immutable</c>.
/// </summary>
public static partial class ImageryEndpoints
{
    public static IEndpointRouteBuilder MapImageryEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/imagery").WithTags("Imagery").AllowAnonymous();
        api.MapGet("/scenes", Scenes);
        api.MapGet("/pair", Pair);
        app.MapGet("/imagery/{sceneId}/{z}/{x}/{y}.{ext}", Tile).WithTags("Imagery").AllowAnonymous()
            .Produces(200, contentType: "image/png").Produces(304);
        return app;
    }

    /// <summary>
    /// A scene as the API shows it; <c>Tiles</c> is the XYZ URL template and <c>MinZoom</c>/<c>MaxZoom</c>
    /// the levels its tiles exist at (null when the scene has no readable tiles).
    /// </summary>
    public sealed record SceneDto(
        string SceneId, string LayerId, string? Sensor, DateOnly AcquisitionDate, double? ResolutionM, double? CloudPct,
        string? Tiles, int? MinZoom, int? MaxZoom, System.Text.Json.JsonElement Footprint);

    private static SceneDto ToDto(ImageryScene s, HttpRequest request, ImageryTileStore tiles)
    {
        var info = s.TileSource is { } source ? tiles.InfoOf(source) : null;
        return new SceneDto(
            s.SceneId, s.LayerId, s.Sensor, s.AcquisitionDate, s.ResolutionM, s.CloudPct,
            info is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}/imagery/{Uri.EscapeDataString(s.SceneId)}/{{z}}/{{x}}/{{y}}.{info.Format}",
            info?.MinZoom,
            info?.MaxZoom,
            s.Footprint);
    }

    private static async Task<IResult> Scenes(
        HttpRequest request, ImageryStore store, ImageryTileStore tiles, CancellationToken ct,
        [FromQuery] string? bbox = null, [FromQuery] string? from = null, [FromQuery] string? to = null)
    {
        NetTopologySuite.Geometries.Envelope? box = null;
        if (!string.IsNullOrEmpty(bbox))
        {
            if (!OgcParameters.TryParseBbox(bbox, OgcCrs.Crs84, out var envelope, out var error))
            {
                return Problems.BadRequest("Invalid bbox", error!.Message.Replace("CRS84 degrees", "EPSG:4490 degrees", StringComparison.Ordinal).Replace(" (or name another CRS with bbox-crs)", "", StringComparison.Ordinal), "bbox");
            }

            box = envelope;
        }

        DateOnly? fromDate = null, toDate = null;
        if (!string.IsNullOrEmpty(from))
        {
            if (!ImageryParameters.TryParseDate(from, out var d))
            {
                return Problems.BadRequest("Invalid from", $"from '{from}' is not a date YYYY-MM-DD", "from");
            }

            fromDate = d;
        }

        if (!string.IsNullOrEmpty(to))
        {
            if (!ImageryParameters.TryParseDate(to, out var d))
            {
                return Problems.BadRequest("Invalid to", $"to '{to}' is not a date YYYY-MM-DD", "to");
            }

            toDate = d;
        }

        if (fromDate > toDate)
        {
            return Problems.BadRequest("Invalid date range", $"from {fromDate:yyyy-MM-dd} is after to {toDate:yyyy-MM-dd}", "from");
        }

        var scenes = await store.ScenesAsync(box, fromDate, toDate, ct);
        return TypedResults.Ok(new { count = scenes.Count, scenes = scenes.Select(s => ToDto(s, request, tiles)) });
    }

    private static async Task<IResult> Pair(
        HttpRequest request, ImageryStore store, ImageryTileStore tiles, IOptions<ImageryOptions> options, CancellationToken ct,
        [FromQuery] string? geometry = null, [FromQuery] string? date = null, [FromQuery] string? maxCloudPct = null)
    {
        if (!ImageryParameters.TryParseGeometry(geometry, out var g, out var problem))
        {
            return Problems.BadRequest("Invalid geometry", problem, "geometry");
        }

        if (!ImageryParameters.TryParseDate(date, out var day))
        {
            return Problems.BadRequest("Invalid date", $"date '{date}' is not a date YYYY-MM-DD", "date");
        }

        var threshold = options.Value.ClearCloudPct;
        if (!string.IsNullOrEmpty(maxCloudPct)
            && (!double.TryParse(maxCloudPct, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out threshold) || threshold is <= 0 or > 100))
        {
            return Problems.BadRequest("Invalid maxCloudPct", $"maxCloudPct '{maxCloudPct}' must be a number above 0 and at most 100 (a scene is clear when its cloud cover is below it)", "maxCloudPct");
        }

        var (before, after) = await store.PairAsync(g, day, threshold, ct);
        if (before is null && after is null)
        {
            return Problems.NotFound(
                "No imagery",
                $"no clear scene (cloud cover below {threshold}%) covers the geometry, before or after {day:yyyy-MM-dd}");
        }

        return TypedResults.Ok(new
        {
            date = day,
            maxCloudPct = threshold,
            before = before is null ? null : ToDto(before, request, tiles),
            after = after is null ? null : ToDto(after, request, tiles),
        });
    }

    private static async Task<IResult> Tile(
        string sceneId, string z, string x, string y, string ext, HttpContext http,
        ImageryStore store, ImageryTileStore tiles, IOptions<ImageryOptions> options, CancellationToken ct)
    {
        if (!SceneIdPattern().IsMatch(sceneId))
        {
            return Problems.BadRequest("Invalid scene id", $"scene id '{sceneId}' is not a scene id (letters, digits, '_', '-', '.'; at most 128)", "sceneId");
        }

        var extension = ext.ToLowerInvariant();
        if (extension is not ("png" or "jpg" or "jpeg"))
        {
            return Problems.BadRequest("Invalid tile format", $"'.{ext}' is not a tile format; accepted: .png, .jpg", "ext");
        }

        if (!TileCoordinate.TryParse(z, x, y, TileCoordinate.MaxZoomOfMatrix, out var tile, out var parameter, out var problem))
        {
            return Problems.BadRequest("Tile outside the tile matrix", problem + " (WebMercatorQuad)", parameter);
        }

        var (found, tileSource) = await store.TileSourceAsync(sceneId, ct);
        if (!found)
        {
            var known = await store.SceneIdsAsync(ct);
            return Problems.NotFound("Unknown scene", $"unknown scene '{sceneId}'; known scenes are: {string.Join(", ", known.Take(100))}{(known.Count > 100 ? ", …" : "")}");
        }

        if (!ImageryTileStore.IsValidTileSource(tileSource))
        {
            return Problems.NotFound("No tiles", $"scene '{sceneId}' has no usable tile source (a folder or .mbtiles file under the tiles directory)");
        }

        var raster = await tiles.ReadAsync(tileSource!, tile, extension, ct);
        if (raster is null)
        {
            return Problems.NotFound("No tile", $"scene '{sceneId}' has no {extension} tile {tile} (outside its coverage or zoom levels)");
        }

        http.Response.Headers.CacheControl = $"public, max-age={options.Value.TileMaxAgeSeconds}, immutable";
        var etag = EntityTagHeaderValue.Parse(raster.ETag);
        return raster.Path is not null
            ? TypedResults.PhysicalFile(raster.Path, raster.ContentType, lastModified: raster.LastModified, entityTag: etag)
            : TypedResults.File(raster.Bytes!, raster.ContentType, lastModified: raster.LastModified, entityTag: etag);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}$")]
    private static partial Regex SceneIdPattern();
}
