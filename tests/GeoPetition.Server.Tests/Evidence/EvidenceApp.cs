using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using Npgsql;
using SkiaSharp;

namespace GeoPetition.Server.Tests.Evidence;

/// <summary>The server on the demo county (layers, imagery, petitions verified at start) with its own evidence store and a small file limit.</summary>
public sealed class EvidenceApp : GeoPetitionApp
{
    public const long MaxFileBytes = 300_000;

    public string StorageDir { get; } = Directory.CreateTempSubdirectory("gp-evidence-").FullName;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("GeoPetition:LoadDemo", "true"),
        new("GeoPetition:DemoManifest", Path.Combine(Tools.RepoRoot, "data", "demo", "manifest.json")),
        new("GeoPetition:TilesDir", Path.Combine(Tools.RepoRoot, "tiles")),
        new("GeoPetition:Evidence:StorageDir", StorageDir),
        new("GeoPetition:Evidence:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>Runs SQL as the superuser with triggers off (session_replication_role = replica): how a tamperer with database access would change a row.</summary>
    public async Task TamperAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql}; SET session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }

    public string BlobPath(string sha256) => Path.Combine(StorageDir, "sha256", sha256[..2], sha256[2..4], sha256);

    /// <summary>Files in the store (the temporary folder excluded).</summary>
    public IReadOnlyList<string> StoredFiles() => Directory.Exists(Path.Combine(StorageDir, "sha256"))
        ? Directory.GetFiles(Path.Combine(StorageDir, "sha256"), "*", SearchOption.AllDirectories) : [];

    public IReadOnlyList<string> TempFiles() => Directory.GetFiles(Path.Combine(StorageDir, "tmp"));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(StorageDir))
        {
            foreach (var f in Directory.GetFiles(StorageDir, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(StorageDir, recursive: true);
        }
    }
}

/// <summary>Uploads and test files shared by the evidence tests.</summary>
public static class EvidenceKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The ids of the demo petitions, oldest first (each test takes its own so tampering stays local).</summary>
    public static async Task<List<long>> PetitionIdsAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/petitions?limit=500")).GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("id").GetInt64()).Order().ToList();

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient http, long id, IDictionary<string, string> fields, (string Name, byte[] Bytes)? file = null, string? idempotencyKey = null)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields)
        {
            form.Add(new StringContent(v), k);
        }

        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", f.Name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{id}/evidence") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A small JPEG drawn with SkiaSharp; <paramref name="seed"/> makes its bytes unique.</summary>
    public static byte[] Jpeg(int seed)
    {
        using var bitmap = new SKBitmap(32, 24);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(seed * 37), (byte)(seed * 91), (byte)(seed * 13)));
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(seed % 20, 4, 8, 8, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    /// <summary>
    /// A JPEG with an EXIF block (APP1) holding DateTimeOriginal and a GPS position (WGS 84), built
    /// byte by byte as a little-endian TIFF: IFD0 → Exif IFD (0x9003) and GPS IFD (0x0001–0x0004).
    /// </summary>
    public static byte[] JpegWithExif(int seed, double lon, double lat, DateTime taken)
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange([(byte)v, (byte)(v >> 8)]);
        void U32(long v) => tiff.AddRange([(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]);
        void Entry(int tag, int type, int count, long value)
        {
            U16(tag);
            U16(type);
            U32(count);
            U32(value);
        }

        const int ifd0 = 8, exifIfd = 38, date = 56, gpsIfd = 76, latAt = 130, lonAt = 154;
        tiff.AddRange("II"u8.ToArray());
        U16(42);
        U32(ifd0);
        U16(2);
        Entry(0x8769, 4, 1, exifIfd);
        Entry(0x8825, 4, 1, gpsIfd);
        U32(0);
        U16(1);
        Entry(0x9003, 2, 20, date);
        U32(0);
        tiff.AddRange(System.Text.Encoding.ASCII.GetBytes(taken.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "\0"));
        U16(4);
        Entry(0x0001, 2, 2, 'N');
        Entry(0x0002, 5, 3, latAt);
        Entry(0x0003, 2, 2, 'E');
        Entry(0x0004, 5, 3, lonAt);
        U32(0);
        foreach (var value in new[] { lat, lon })
        {
            var deg = Math.Floor(value);
            var min = Math.Floor((value - deg) * 60);
            var sec = (((value - deg) * 60) - min) * 60;
            U32((long)deg);
            U32(1);
            U32((long)min);
            U32(1);
            U32((long)Math.Round(sec * 10000));
            U32(10000);
        }

        return WithApp1(Jpeg(seed), [.. "Exif\0\0"u8.ToArray(), .. tiff]);
    }

    /// <summary>A JPEG whose EXIF block claims a TIFF structure that points outside itself.</summary>
    public static byte[] JpegWithCorruptExif(int seed) =>
        WithApp1(Jpeg(seed), [.. "Exif\0\0"u8.ToArray(), (byte)'I', (byte)'I', 42, 0, 0xF0, 0xFF, 0xFF, 0x7F, 1, 2, 3]);

    private static byte[] WithApp1(byte[] jpeg, byte[] payload)
    {
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    public static byte[] Pdf(string text) => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n%%EOF\n");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
