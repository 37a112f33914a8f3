using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoPetition.Server.Tiles;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GeoPetition.Server.Imagery;

/// <summary>The format ("png" or "jpg") and zoom range of a scene's tiles, when known.</summary>
public sealed record TileSourceInfo(string Format, int? MinZoom, int? MaxZoom);

/// <summary>A raster tile read from disk: a file to send, or bytes from an MBTiles file.</summary>
/// <param name="Path">The XYZ tile file (null for MBTiles).</param>
/// <param name="Bytes">The MBTiles tile data (null for XYZ).</param>
/// <param name="ContentType">image/png or image/jpeg.</param>
/// <param name="ETag">Strong entity tag (quoted).</param>
/// <param name="LastModified">Modification time of the file holding the tile.</param>
public sealed record RasterTile(string? Path, byte[]? Bytes, string ContentType, string ETag, DateTimeOffset LastModified);

/// <summary>
/// Reads imagery tiles below the tiles directory: <c>{TilesDir}/{tile_source}/{z}/{x}/{y}.{png|jpg}</c>
/// (XYZ, y = 0 at the north), or from <c>{TilesDir}/{tile_source}</c> when that is an .mbtiles file
/// (SQLite; MBTiles rows are TMS, y = 0 at the south, so the row is 2^z − 1 − y).
/// </summary>
/// <remarks>
/// Path traversal is impossible by construction: a tile source must be relative, made of segments of
/// letters, digits, '_', '-' and '.', none of them "." or ".."; z/x/y are numbers checked against the
/// tile matrix; the extension is one of a fixed list; and the full path must still lie inside the
/// tiles directory. ETags are strong: file length and modification time for XYZ files; the MBTiles
/// file's modification time and the tile address for MBTiles.
/// </remarks>
public sealed partial class ImageryTileStore(IOptions<ImageryOptions> options)
{
    private readonly string _root = Path.GetFullPath(options.Value.TilesDir);
    private readonly ConcurrentDictionary<string, string> _connectionStrings = new();
    private readonly ConcurrentDictionary<string, TileSourceInfo?> _infos = new();

    /// <summary>The tiles directory (absolute).</summary>
    public string Root => _root;

    /// <summary>True when a tile source names a safe relative path (see remarks).</summary>
    public static bool IsValidTileSource(string? source) =>
        source is not null && TileSourcePattern().IsMatch(source) && source.Split('/').All(s => s is not ("." or ".."));

    /// <summary>The tile, or null when the scene has no such tile (outside its coverage, or another format).</summary>
    public async Task<RasterTile?> ReadAsync(string tileSource, TileCoordinate tile, string extension, CancellationToken ct)
    {
        if (!IsValidTileSource(tileSource))
        {
            return null;
        }

        var source = Path.GetFullPath(Path.Combine(_root, tileSource));
        if (!source.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return tileSource.EndsWith(".mbtiles", StringComparison.OrdinalIgnoreCase)
            ? await ReadMbTilesAsync(source, tile, extension, ct)
            : ReadFile(source, tile, extension);
    }

    private static RasterTile? ReadFile(string folder, TileCoordinate tile, string extension)
    {
        var path = Path.Combine(folder, tile.Z.ToString(CultureInfo.InvariantCulture), tile.X.ToString(CultureInfo.InvariantCulture), tile.Y.ToString(CultureInfo.InvariantCulture) + "." + extension);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        return new RasterTile(path, null, ContentTypeOf(extension), $"\"{info.Length:x}-{modified.UtcTicks:x}\"", modified);
    }

    private async Task<RasterTile?> ReadMbTilesAsync(string file, TileCoordinate tile, string extension, CancellationToken ct)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return null;
        }

        var connectionString = _connectionStrings.GetOrAdd(file, f => new SqliteConnectionStringBuilder
        {
            DataSource = f,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString());
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tile_data FROM tiles WHERE zoom_level = $z AND tile_column = $x AND tile_row = $y";
        command.Parameters.AddWithValue("$z", tile.Z);
        command.Parameters.AddWithValue("$x", tile.X);
        command.Parameters.AddWithValue("$y", (1L << tile.Z) - 1 - tile.Y);
        if (await command.ExecuteScalarAsync(ct) is not byte[] data || data.Length == 0)
        {
            return null;
        }

        var contentType = SniffContentType(data);
        if (contentType is null || contentType != ContentTypeOf(extension))
        {
            return null;
        }

        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        return new RasterTile(null, data, contentType, $"\"mb{modified.UtcTicks:x}-{tile.Z}-{tile.X}-{tile.Y}\"", modified);
    }

    /// <summary>
    /// What a tile source holds — its format ("png" or "jpg") and zoom range — for the scene
    /// catalog, or null when it cannot be read. XYZ folders: their <c>scene.json</c> (format, minzoom,
    /// maxzoom) when present, else the first tile file and the numeric zoom folders. MBTiles: the
    /// metadata table, else the tiles table. Remembered per source (tiles of a scene do not change).
    /// </summary>
    public TileSourceInfo? InfoOf(string tileSource)
    {
        if (!IsValidTileSource(tileSource))
        {
            return null;
        }

        return _infos.GetOrAdd(tileSource, s =>
        {
            var path = Path.GetFullPath(Path.Combine(_root, s));
            if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                return s.EndsWith(".mbtiles", StringComparison.OrdinalIgnoreCase) ? MbTilesInfo(path) : FolderInfo(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or System.Text.Json.JsonException)
            {
                return null;
            }
        });
    }

    private static TileSourceInfo? FolderInfo(string path)
    {
        if (!Directory.Exists(path))
        {
            return null;
        }

        string? format = null;
        int? minZoom = null, maxZoom = null;
        var sceneJson = Path.Combine(path, "scene.json");
        if (File.Exists(sceneJson))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(sceneJson));
            var root = doc.RootElement;
            format = root.TryGetProperty("format", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString() : null;
            minZoom = root.TryGetProperty("minzoom", out var min) && min.TryGetInt32(out var a) ? a : null;
            maxZoom = root.TryGetProperty("maxzoom", out var max) && max.TryGetInt32(out var b) ? b : null;
        }

        if (minZoom is null || maxZoom is null)
        {
            var zooms = Directory.EnumerateDirectories(path)
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var z) ? z : -1)
                .Where(z => z is >= 0 and <= TileCoordinate.MaxZoomOfMatrix)
                .ToList();
            minZoom ??= zooms.Count > 0 ? zooms.Min() : null;
            maxZoom ??= zooms.Count > 0 ? zooms.Max() : null;
        }

        format ??= Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
            .Select(f => Path.GetExtension(f).TrimStart('.').ToLowerInvariant())
            .FirstOrDefault(e => e is "png" or "jpg" or "jpeg");
        return Normalise(format, minZoom, maxZoom);
    }

    private static TileSourceInfo? MbTilesInfo(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, value FROM metadata";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                metadata[reader.GetString(0)] = reader.GetString(1);
            }
        }

        int? Metadata(string name) => metadata.TryGetValue(name, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var z) ? z : null;
        int? minZoom = Metadata("minzoom"), maxZoom = Metadata("maxzoom");
        if (minZoom is null || maxZoom is null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT min(zoom_level), max(zoom_level) FROM tiles";
            using var reader = command.ExecuteReader();
            if (reader.Read() && !reader.IsDBNull(0))
            {
                minZoom ??= reader.GetInt32(0);
                maxZoom ??= reader.GetInt32(1);
            }
        }

        return Normalise(metadata.GetValueOrDefault("format"), minZoom, maxZoom);
    }

    private static TileSourceInfo? Normalise(string? format, int? minZoom, int? maxZoom) =>
        format?.ToLowerInvariant() switch
        {
            "png" => new TileSourceInfo("png", minZoom, maxZoom),
            "jpg" or "jpeg" => new TileSourceInfo("jpg", minZoom, maxZoom),
            _ => null,
        };

    /// <summary>image/png or image/jpeg for the accepted extensions (png, jpg, jpeg).</summary>
    public static string ContentTypeOf(string extension) => extension == "png" ? "image/png" : "image/jpeg";

    private static string? SniffContentType(byte[] data) =>
        data.Length > 4 && data[0] == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G' ? "image/png"
        : data.Length > 3 && data[0] == 0xFF && data[1] == 0xD8 ? "image/jpeg"
        : null;

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")]
    private static partial Regex TileSourcePattern();
}
