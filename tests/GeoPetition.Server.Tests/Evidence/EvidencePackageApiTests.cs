using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Core.Evidence;
using GeoPetition.Server.Evidence;
using GeoPetition.Server.Tests.Infrastructure;
using static GeoPetition.Server.Tests.Evidence.EvidenceKit;

namespace GeoPetition.Server.Tests.Evidence;

/// <summary>evidence-package.zip: contents, manifest, and the offline check (the real CLI binary) finding a changed file.</summary>
public sealed class EvidencePackageApiTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    private static string Cli(string package, out int exitCode)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "geopetition.dll");
        try
        {
            exitCode = 0;
            return Tools.Run("dotnet", [dll, "evidence", "verify", package]);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("exited with", StringComparison.Ordinal))
        {
            exitCode = 1;
            return e.Message;
        }
    }

    [Fact]
    public async Task The_package_holds_every_file_with_its_hash_and_a_changed_file_is_detected_offline()
    {
        var http = app.CreateClient();
        var id = await EvidenceReportApiTests.RichestPetitionAsync(http);
        var photo = JpegWithExif(88, 105.31, 30.51, new DateTime(2026, 3, 3, 12, 0, 0));
        await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "photo" }, ("现场 照片/../x.jpg", photo));
        await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "document" }, ("意见书.pdf", Pdf("opinion " + id)));

        var response = await http.GetAsync($"/api/petitions/{id}/evidence-package.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var dir = Directory.CreateDirectory(Path.Combine(EvidenceMapApiTests.OutputDir, $"package-{id}")).FullName;
        var package = Path.Combine(dir, "package.zip");
        await File.WriteAllBytesAsync(package, bytes);

        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[] { "report.pdf", "map.png", "petition.geojson", "overlaps.geojson", "verification.json", "chain.json", "attachments.json", "manifest.json" })
            {
                Assert.Contains(expected, names);
            }

            var attachment = Assert.Single(names, n => n.StartsWith("attachments/", StringComparison.Ordinal) && n.EndsWith(".jpg", StringComparison.Ordinal));
            Assert.DoesNotContain("..", attachment.Replace("attachments/", "", StringComparison.Ordinal).Split('/').Skip(1));
            using var photoStream = new MemoryStream();
            await using (var s = zip.GetEntry(attachment)!.Open())
            {
                await s.CopyToAsync(photoStream);
            }

            Assert.Equal(photo, photoStream.ToArray());
            var manifest = PackageManifest.Parse(await ReadAsync(zip, "manifest.json"));
            Assert.Equal(id, manifest.PetitionId);
            Assert.Equal(names.Count - 1, manifest.Files.Count);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), manifest.Files.Single(f => f.Path == attachment).Sha256);
            var overlaps = JsonDocument.Parse(await ReadAsync(zip, "overlaps.geojson")).RootElement;
            Assert.Equal("FeatureCollection", overlaps.GetProperty("type").GetString());
            Assert.True(overlaps.GetProperty("features").GetArrayLength() > 0);
            Assert.True(overlaps.GetProperty("features")[0].GetProperty("properties").GetProperty("area_m2").GetDouble() > 0);
            Assert.Equal("Feature", JsonDocument.Parse(await ReadAsync(zip, "petition.geojson")).RootElement.GetProperty("type").GetString());
            var chain = JsonDocument.Parse(await ReadAsync(zip, "chain.json")).RootElement;
            Assert.Equal(manifest.ChainHeadSha256, chain[chain.GetArrayLength() - 1].GetProperty("entrySha256").GetString());
        }

        var ok = Cli(package, out var okCode);
        Assert.Equal(0, okCode);
        Assert.Contains("OK: every file matches the manifest", ok, StringComparison.Ordinal);

        // Change one byte of map.png inside the zip (as someone editing the package would).
        var tampered = Path.Combine(dir, "tampered.zip");
        File.Copy(package, tampered, overwrite: true);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var map = await ReadAsync(zip, "map.png");
            map[map.Length / 2] ^= 0x01;
            zip.GetEntry("map.png")!.Delete();
            await using var s = zip.CreateEntry("map.png").Open();
            await s.WriteAsync(map);
        }

        var broken = Cli(tampered, out var brokenCode);
        Assert.Equal(1, brokenCode);
        Assert.Contains("map.png: SHA-256 is", broken, StringComparison.Ordinal);
        var (_, problems) = await PackageCheck.CheckAsync(tampered);
        Assert.Single(problems);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/petitions/99999999/evidence-package.zip")).StatusCode);
        var verify = await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
    }

    private static async Task<byte[]> ReadAsync(ZipArchive zip, string name)
    {
        await using var s = zip.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        await s.CopyToAsync(m);
        return m.ToArray();
    }
}
