using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static GeoPetition.Server.Tests.Evidence.EvidenceKit;

namespace GeoPetition.Server.Tests.Evidence;

/// <summary>Attachments: upload, EXIF, content addressing, corrections, and bad input leaving nothing behind.</summary>
public sealed class EvidenceAttachmentApiTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    private static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    private async Task<(HttpClient Http, long Id)> PetitionAsync(int index)
    {
        var http = app.CreateClient();
        return (http, (await PetitionIdsAsync(http))[index]);
    }

    [Fact]
    public async Task A_photo_is_stored_by_its_server_computed_hash_with_its_exif_position_and_time()
    {
        var (http, id) = await PetitionAsync(0);
        var photo = JpegWithExif(1, 105.3012345, 30.5023456, new DateTime(2026, 3, 15, 10, 20, 30));
        var response = await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "photo", ["note"] = "现场照片：东侧新建厂房" }, ("现场.jpg", photo));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var a = await response.JsonAsync();
        Assert.Equal(Sha(photo), a.GetProperty("sha256").GetString());
        Assert.Equal(photo.Length, a.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("image/jpeg", a.GetProperty("mediaType").GetString());
        Assert.Equal("现场.jpg", a.GetProperty("fileName").GetString());
        var exif = a.GetProperty("metadata").GetProperty("exif");
        Assert.Equal(105.3012345, exif.GetProperty("lon").GetDouble(), 6);
        Assert.Equal(30.5023456, exif.GetProperty("lat").GetDouble(), 6);
        Assert.Equal("2026-03-15T10:20:30", exif.GetProperty("takenAt").GetString());
        Assert.Equal("exif", a.GetProperty("metadata").GetProperty("positionSource").GetString());
        Assert.Equal(105.3012345, a.GetProperty("lon").GetDouble(), 6);
        Assert.Equal(30.5023456, a.GetProperty("lat").GetDouble(), 6);

        Assert.True(File.Exists(app.BlobPath(Sha(photo))));
        Assert.Equal(photo, await File.ReadAllBytesAsync(app.BlobPath(Sha(photo))));
        var download = await http.GetAsync(a.GetProperty("download").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_correction_supersedes_and_the_original_stays()
    {
        var (http, id) = await PetitionAsync(1);
        var first = await (await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "document", ["note"] = "勘测定界报告" }, ("report.pdf", Pdf("v1 " + id)))).JsonAsync();
        var fix = await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "document", ["supersedes"] = first.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), ["note"] = "更正：附件页码" }, ("report-v2.pdf", Pdf("v2 " + id)));
        Assert.Equal(HttpStatusCode.Created, fix.StatusCode);
        var second = await fix.JsonAsync();
        var list = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.Equal(second.GetProperty("id").GetInt64(), list[0].GetProperty("supersededBy").GetInt64());
        Assert.Equal(first.GetProperty("id").GetInt64(), list[1].GetProperty("supersedes").GetInt64());
        Assert.Equal(Pdf("v1 " + id), await http.GetByteArrayAsync(list[0].GetProperty("download").GetString()));

        var bad = await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "document", ["supersedes"] = "999999" }, ("x.pdf", Pdf("x")));
        await AssertProblem(bad, HttpStatusCode.BadRequest, "supersedes");
    }

    [Fact]
    public async Task A_field_check_and_a_verification_link_are_recorded_and_a_retry_is_not_duplicated()
    {
        var (http, id) = await PetitionAsync(2);
        var check = await UploadAsync(http, id, new Dictionary<string, string>
        {
            ["kind"] = "field_check",
            ["inspector"] = "李勘查",
            ["date"] = "2026-03-20",
            ["lon"] = "105.30",
            ["lat"] = "30.50",
            ["crs"] = "GCJ-02",
            ["notes"] = "现场已硬化，约两亩",
        }, idempotencyKey: "fc-" + id);
        Assert.Equal(HttpStatusCode.Created, check.StatusCode);
        var fc = await check.JsonAsync();
        Assert.Equal("李勘查", fc.GetProperty("metadata").GetProperty("fieldCheck").GetProperty("inspector").GetString());
        Assert.NotEqual(105.30, fc.GetProperty("lon").GetDouble(), 4); // GCJ-02 was converted, not stored as given
        Assert.Equal(105.30, fc.GetProperty("lon").GetDouble(), 1);
        var retry = await UploadAsync(http, id, new Dictionary<string, string>
        {
            ["kind"] = "field_check",
            ["inspector"] = "李勘查",
            ["date"] = "2026-03-20",
            ["lon"] = "105.30",
            ["lat"] = "30.50",
            ["crs"] = "GCJ-02",
            ["notes"] = "现场已硬化，约两亩",
        }, idempotencyKey: "fc-" + id);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(fc.GetProperty("id").GetInt64(), (await retry.JsonAsync()).GetProperty("id").GetInt64());

        var verification = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/verifications"))[0].GetProperty("id").GetInt64();
        var link = await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "verification_link", ["verificationId"] = verification.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        Assert.Equal(verification, (await link.JsonAsync()).GetProperty("verificationId").GetInt64());

        await AssertProblem(await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "field_check", ["date"] = "2026-03-20", ["lon"] = "105.3", ["lat"] = "30.5" }), HttpStatusCode.BadRequest, "inspector");
        await AssertProblem(await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "verification_link", ["verificationId"] = "123456789" }), HttpStatusCode.BadRequest, "verificationId");
        await AssertProblem(await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "selfie" }), HttpStatusCode.BadRequest, "kind");
        Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bad_files_get_a_clear_error_and_leave_nothing_behind()
    {
        var (http, id) = await PetitionAsync(3);
        var before = app.StoredFiles().Count;
        var big = new byte[EvidenceApp.MaxFileBytes + 1];
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(big, 0);
        var corrupt = JpegWithCorruptExif(7);
        var cases = new (string Name, byte[] Bytes, string Kind, HttpStatusCode Status, string Field, string Says)[]
        {
            ("empty.pdf", [], "document", HttpStatusCode.BadRequest, "file", "empty"),
            ("big.pdf", big, "document", HttpStatusCode.RequestEntityTooLarge, "file", "limit"),
            ("tool.exe", Pdf("exe"), "document", HttpStatusCode.UnsupportedMediaType, "file", "accepted: .doc"),
            ("fake.pdf", Jpeg(5), "document", HttpStatusCode.UnsupportedMediaType, "file", "does not look like application/pdf"),
            ("scan.pdf", Pdf("photo"), "photo", HttpStatusCode.UnsupportedMediaType, "file", "JPEG or PNG"),
            ("broken.jpg", corrupt, "photo", HttpStatusCode.UnprocessableEntity, "file", "EXIF"),
        };
        foreach (var c in cases)
        {
            var response = await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = c.Kind }, (c.Name, c.Bytes));
            var problem = await AssertProblem(response, c.Status, c.Field);
            Assert.Contains(c.Says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.False(File.Exists(app.BlobPath(Sha(corrupt))));
        Assert.Equal(before, app.StoredFiles().Count);
        Assert.Empty(app.TempFiles());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_is_refused_and_leaves_nothing_behind()
    {
        var (http, id) = await PetitionAsync(4);
        var before = app.StoredFiles().Count;
        var photo = JpegWithExif(9, 105.3, 30.5, new DateTime(2026, 1, 2, 3, 4, 5));
        const string boundary = "gp-boundary-7f3a";
        var head = Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nphoto\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        byte[] body = [.. head, .. photo[..(photo.Length / 2)]]; // no rest of the file, no closing boundary
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        var response = await http.PostAsync($"/api/petitions/{id}/evidence", content);
        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "multipart");
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, app.StoredFiles().Count);
        Assert.Empty(app.TempFiles());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence")).GetProperty("items").GetArrayLength());

        var json = await http.PostAsJsonAsync($"/api/petitions/{id}/evidence", new { kind = "photo" });
        await AssertProblem(json, HttpStatusCode.UnsupportedMediaType, "Content-Type");
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(http, 99999999, new Dictionary<string, string> { ["kind"] = "document" }, ("a.pdf", Pdf("a")))).StatusCode);
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(field, problem.GetProperty("parameter").GetString());
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }
}
