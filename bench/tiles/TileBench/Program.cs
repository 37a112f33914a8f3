using System.Diagnostics;
using System.Globalization;
using System.Text;
using GeoPetition.Core.Layers;
using GeoPetition.Server.Data;
using GeoPetition.Server.Tiles;

// Tile latency through the server (HTTP, tile cache off) vs the same ST_AsMVT statement sent to
// PostGIS directly, on the same tiles, interleaved tile by tile; plus OGC items pages (first vs
// deep keyset page) vs PostGIS building the same GeoJSON. Sequential requests, loopback only.
// Usage: TileBench <serverUrl> <connectionString> <layerId> <tilesPerZoom> <zooms,comma-separated> <markdownOut>
var serverUrl = args[0].TrimEnd('/');
var connectionString = args[1];
var layerId = args[2];
var tilesPerZoom = int.Parse(args[3], CultureInfo.InvariantCulture);
var zooms = args[4].Split(',').Select(z => int.Parse(z, CultureInfo.InvariantCulture)).ToArray();
var output = args[5];

await using var dataSource = DatabaseExtensions.CreateDataSource(connectionString);
using var http = new HttpClient { BaseAddress = new Uri(serverUrl) };

int version;
double[] extent;
await using (var command = dataSource.CreateCommand(
    "SELECT l.current_version_id, ST_XMin(v.extent), ST_YMin(v.extent), ST_XMax(v.extent), ST_YMax(v.extent) FROM layer l JOIN layer_version v ON v.id = l.current_version_id WHERE l.id = @id"))
{
    command.Parameters.AddWithValue("id", layerId);
    await using var reader = await command.ExecuteReaderAsync();
    if (!await reader.ReadAsync())
    {
        throw new InvalidOperationException($"layer {layerId} has no current version");
    }

    version = reader.GetInt32(0);
    extent = [reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)];
}

var kind = LayerKinds.LandUse;
var source = new TileSource(layerId, layerId, kind.Table, "geom", 4490, kind.Geometry, TileAttributes.For(kind), version, "v" + version, extent);
var options = new TileOptions();
var report = new StringBuilder();
report.AppendLine("| zoom | tiles | raw p50 ms | raw p99 ms | server p50 ms | server p99 ms | p50 ratio | p99 ratio | mean tile KB | byte-identical |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

foreach (var z in zooms)
{
    var random = new Random(1000 + z);
    var tiles = new HashSet<TileCoordinate>();
    for (var attempt = 0; tiles.Count < tilesPerZoom && attempt < tilesPerZoom * 50; attempt++)
    {
        var lon = extent[0] + random.NextDouble() * (extent[2] - extent[0]);
        var lat = extent[1] + random.NextDouble() * (extent[3] - extent[1]);
        tiles.Add(TileAt(lon, lat, z));
    }

    // Warm both paths (and PostgreSQL's buffers) on every tile once.
    foreach (var t in tiles)
    {
        await Raw(t);
        await Served(t);
    }

    var raw = new List<double>();
    var served = new List<double>();
    long bytes = 0;
    var identical = 0;
    var i = 0;
    foreach (var t in tiles)
    {
        byte[] a, b;
        if (i++ % 2 == 0)
        {
            (a, var ra) = await Timed(() => Raw(t));
            (b, var sb) = await Timed(() => Served(t));
            raw.Add(ra);
            served.Add(sb);
        }
        else
        {
            (b, var sb) = await Timed(() => Served(t));
            (a, var ra) = await Timed(() => Raw(t));
            raw.Add(ra);
            served.Add(sb);
        }

        bytes += b.Length;
        identical += a.AsSpan().SequenceEqual(b) ? 1 : 0;
    }

    var line = string.Create(CultureInfo.InvariantCulture,
        $"| {z} | {tiles.Count} | {P(raw, 50):0.00} | {P(raw, 99):0.00} | {P(served, 50):0.00} | {P(served, 99):0.00} | {P(served, 50) / P(raw, 50):0.00} | {P(served, 99) / P(raw, 99):0.00} | {bytes / 1024.0 / tiles.Count:0.0} | {identical}/{tiles.Count} |");
    report.AppendLine(line);
    Console.WriteLine(line);
}

// OGC items: 1000-feature pages, the first and the 1000th (keyset cursor), vs PostGIS building the same GeoJSON.
report.AppendLine();
report.AppendLine("| items page (limit 1000) | server p50 ms | raw PostGIS GeoJSON p50 ms | ratio |");
report.AppendLine("|---|---:|---:|---:|");
long deepAfter;
await using (var command = dataSource.CreateCommand("SELECT fid FROM land_use WHERE version_id = @v ORDER BY fid OFFSET 999000 LIMIT 1"))
{
    command.Parameters.AddWithValue("v", version);
    deepAfter = await command.ExecuteScalarAsync() is long f ? f : 0;
}

double firstServer = 0;
foreach (var (label, after) in new[] { ("first page", 0L), ("1000th page", deepAfter) })
{
    var url = $"/ogc/collections/{layerId}/items?limit=1000" + (after > 0 ? $"&after={after}" : "");
    var rawSql = $"""
        SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(f.j))::text FROM (
          SELECT json_build_object('type', 'Feature', 'id', t.fid, 'geometry', ST_AsGeoJSON(t.geom, 7, 0)::json,
                 'properties', json_build_object({string.Join(", ", kind.Fields.Select(x => $"'{x.Column}', t.\"{x.Column}\""))})) AS j
          FROM land_use t WHERE t.version_id = @v AND t.fid > @after ORDER BY t.fid LIMIT 1000) f
        """;
    var s = new List<double>();
    var r = new List<double>();
    for (var k = 0; k < 23; k++)
    {
        var (_, ms) = await Timed(async () => await http.GetByteArrayAsync(url));
        var (_, rs) = await Timed(async () =>
        {
            await using var c = dataSource.CreateCommand(rawSql);
            c.Parameters.AddWithValue("v", version);
            c.Parameters.AddWithValue("after", after);
            return Encoding.UTF8.GetBytes((string)(await c.ExecuteScalarAsync())!);
        });
        if (k >= 3)
        {
            s.Add(ms);
            r.Add(rs);
        }
    }

    firstServer = after == 0 ? P(s, 50) : firstServer;
    var line = string.Create(CultureInfo.InvariantCulture, $"| {label} | {P(s, 50):0.0} | {P(r, 50):0.0} | {P(s, 50) / P(r, 50):0.00} |");
    report.AppendLine(line);
    Console.WriteLine(line + (after > 0 ? string.Create(CultureInfo.InvariantCulture, $"  (1000th / first: {P(s, 50) / firstServer:0.00})") : ""));
}

await File.WriteAllTextAsync(output, report.ToString());
return 0;

async Task<byte[]> Raw(TileCoordinate t)
{
    var statement = TileSql.Build([source], t, TileGeneralisation.For(t, options, 0));
    await using var command = dataSource.CreateCommand(statement.Sql);
    foreach (var (name, value) in statement.Parameters)
    {
        command.Parameters.AddWithValue(name, value);
    }

    return await command.ExecuteScalarAsync() as byte[] ?? [];
}

async Task<byte[]> Served(TileCoordinate t)
{
    using var response = await http.GetAsync($"/tiles/{layerId}/{t.Z}/{t.X}/{t.Y}.mvt");
    return await response.Content.ReadAsByteArrayAsync();
}

static async Task<(byte[] Bytes, double Ms)> Timed(Func<Task<byte[]>> action)
{
    var watch = Stopwatch.StartNew();
    var bytes = await action();
    return (bytes, watch.Elapsed.TotalMilliseconds);
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static TileCoordinate TileAt(double lon, double lat, int z)
{
    var n = Math.Pow(2, z);
    var x = (int)Math.Floor((lon + 180) / 360 * n);
    var rad = lat * Math.PI / 180;
    var y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
    return new TileCoordinate(z, x, y);
}
