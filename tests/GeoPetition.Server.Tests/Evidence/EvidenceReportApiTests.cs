using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using static GeoPetition.Server.Tests.Evidence.EvidenceKit;

namespace GeoPetition.Server.Tests.Evidence;

/// <summary>report.pdf: rendered to PNG pages with pdftoppm (poppler-utils), text read back with pdftotext, and chained.</summary>
public sealed class EvidenceReportApiTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    /// <summary>The demo petition whose latest verification cites the most features (the richest report).</summary>
    internal static async Task<long> RichestPetitionAsync(HttpClient http)
    {
        var best = (Id: 0L, Hits: -1);
        foreach (var id in await PetitionIdsAsync(http))
        {
            var runs = await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/verifications");
            var hits = runs[0].GetProperty("result").GetProperty("claims").EnumerateArray().Sum(c => c.GetProperty("evidence").GetArrayLength());
            if (hits > best.Hits)
            {
                best = (id, hits);
            }
        }

        return best.Id;
    }

    [Fact]
    public async Task The_report_renders_its_pages_with_chinese_text_and_is_chained()
    {
        var http = app.CreateClient();
        var id = await RichestPetitionAsync(http);
        var photo = JpegWithExif(77, 105.30, 30.50, new DateTime(2026, 3, 2, 11, 0, 0));
        await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "photo", ["note"] = "现场照片" }, ("现场照片.jpg", photo));
        await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "field_check", ["inspector"] = "张核查", ["date"] = "2026-03-05", ["lon"] = "105.301", ["lat"] = "30.501", ["notes"] = "已实地核查" });

        var response = await http.GetAsync($"/api/petitions/{id}/report.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var contentSha = response.Headers.GetValues("X-Report-Content-Sha256").Single();
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(pdf))}:", response.Headers.GetValues("Repr-Digest").Single());

        var dir = Directory.CreateDirectory(Path.Combine(EvidenceMapApiTests.OutputDir, $"report-{id}")).FullName;
        var file = Path.Combine(dir, "report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        Tools.Run("pdftoppm", ["-r", "60", "-png", file, Path.Combine(dir, "page")]);
        var pages = Directory.GetFiles(dir, "page-*.png").Order().ToList();
        Assert.True(pages.Count >= 3, $"expected at least 3 pages, got {pages.Count}");
        foreach (var page in pages)
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(page);
            Assert.True(bitmap.Width is > 400 and < 600, $"{page} is {bitmap.Width} px wide (A4 at 60 dpi is 496)");
        }

        // NFKC: the CJK font maps some ideographs to Kangxi radical code points in its cmap (⾼ for 高).
        var text = Tools.Run("pdftotext", ["-layout", file, "-"]).Normalize(System.Text.NormalizationForm.FormKC);
        foreach (var expected in new[] { "信访件核查报告", "案件概要", "高斯", "核查结论", "叠加分析", "参考图层版本", "附件", "张核查", contentSha, Convert.ToHexStringLower(SHA256.HashData(photo))[..24] })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var chain = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence/chain")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("Report", chain[^1].GetProperty("kind").GetString());
        var verify = await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/petitions/99999999/report.pdf")).StatusCode);
    }
}
