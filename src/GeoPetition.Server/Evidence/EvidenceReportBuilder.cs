using System.Globalization;
using System.Text.Json;
using GeoPetition.Core.Evidence;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using SkiaSharp;

namespace GeoPetition.Server.Evidence;

/// <summary>A generated report: the PDF, the hash of its canonical content (printed in it) and when it was made.</summary>
public sealed record GeneratedReport(byte[] Pdf, string ContentSha256, string PdfSha256, DateTimeOffset GeneratedAt, byte[] MapPng, long ReportId);

/// <summary>
/// Builds <c>report.pdf</c>: case summary, location (CGCS2000 lon/lat and Gauss–Krüger), each
/// claim's finding with its rules, sentences and legal basis, the overlap table, the evidence map
/// and the before/after scenes, the layer versions consulted, the attachments with their hashes,
/// the chain head, the generation time and the report's own content hash. Every report is stored
/// and becomes an entry of the case's evidence chain.
/// </summary>
/// <remarks>
/// A file cannot contain its own SHA-256, so the hash printed in the PDF is that of the report's
/// canonical content (<see cref="ContentJson"/>: every fact the report states, in a fixed JSON
/// form); the SHA-256 of the PDF file itself is returned in the Repr-Digest header, stored with the
/// report, and listed in the package manifest and the evidence chain.
/// </remarks>
public sealed class EvidenceReportBuilder(EvidenceFonts fonts, EvidenceMapRenderer maps, EvidenceStore store)
{
    private static readonly JsonSerializerOptions Json = new(Verifier.JsonOptions) { WriteIndented = false };

    public async Task<GeneratedReport> BuildAsync(EvidenceDossier d, CancellationToken ct)
    {
        var generatedAt = Canonical.TruncateToMicroseconds(DateTimeOffset.UtcNow);
        var chain = await store.ChainAsync(d.Petition.Id, ct);
        var head = chain.Count == 0 ? EvidenceChain.Genesis : chain[^1].EntrySha256;
        var map = await maps.RenderAsync(d.MapScene, generatedAt, ct);
        var content = ContentJson(d, generatedAt, head, chain.Count, Canonical.Sha256(map));
        var contentSha = Canonical.Sha256(content);
        var pdf = Render(d, generatedAt, head, chain.Count, map, contentSha);
        var id = await store.AddReportAsync(d.Petition.Id, pdf, contentSha, generatedAt, ct);
        return new GeneratedReport(pdf, contentSha, Canonical.Sha256(pdf), generatedAt, map, id);
    }

    /// <summary>The canonical content of a report: every fact it states, as compact JSON in a fixed order.</summary>
    public static byte[] ContentJson(EvidenceDossier d, DateTimeOffset generatedAt, string chainHead, int chainEntries, string mapSha256) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = "geopetition-report-v1",
            petition = d.Petition.Id,
            caseNo = d.Petition.CaseNo,
            generatedAt = Canonical.Time(generatedAt),
            verification = d.Verification?.Id,
            resultSha256 = d.Verification?.Result.Sha256,
            before = d.Before?.SceneId,
            after = d.After?.SceneId,
            imageryWindow = new { d.Window.BeforeOnOrBefore, d.Window.AfterOnOrAfter, d.Window.SpotKey },
            attachments = d.Attachments.Select(a => new { a.Id, a.Sha256, a.SupersededBy }),
            chainHead,
            chainEntries,
            mapSha256,
        }, Json);

    /// <summary>What an attachment is, in one cell: file or linked result, field-check record, EXIF time, note, position.</summary>
    public static string Describe(AttachmentDto a)
    {
        var parts = new List<string> { a.FileName ?? (a.VerificationId is { } vid ? $"核查 verification #{vid}" : a.Kind) };
        if (a.Metadata.ValueKind == JsonValueKind.Object && a.Metadata.TryGetProperty("fieldCheck", out var fc))
        {
            parts.Add($"核查人 inspector {fc.GetProperty("inspector").GetString()} · {fc.GetProperty("date").GetString()}" +
                (fc.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? $" · {n.GetString()}" : ""));
        }

        if (a.Metadata.ValueKind == JsonValueKind.Object && a.Metadata.TryGetProperty("exif", out var exif) && exif.TryGetProperty("takenAt", out var t) && t.ValueKind == JsonValueKind.String)
        {
            parts.Add($"拍摄 taken {t.GetString()}");
        }

        if (a.Note is not null)
        {
            parts.Add(a.Note);
        }

        if (a is { Lon: { } lon, Lat: { } lat })
        {
            parts.Add($"@ {F(lon, "0.000000")}, {F(lat, "0.000000")}");
        }

        return string.Join("；", parts);
    }

    private static string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);

    private byte[] Render(EvidenceDossier d, DateTimeOffset generatedAt, string chainHead, int chainEntries, byte[] map, string contentSha)
    {
        var p = d.Petition;
        var local = generatedAt.ToOffset(TimeSpan.FromHours(8));
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"信访件核查报告 {p.CaseNo}",
            Author = "GeoPetition",
            Creator = "GeoPetition",
            Producer = "GeoPetition (SkiaSharp PDF)",
            Subject = $"content SHA-256 {contentSha}",
            Creation = generatedAt.UtcDateTime,
            Modified = generatedAt.UtcDateTime,
        };
        using (var pdf = new PdfLayout(output, fonts, metadata, page =>
            $"{p.CaseNo} · 第 {page} 页 page {page} · 生成 generated {local:yyyy-MM-dd HH:mm:ss} (UTC+8) · 报告内容哈希 report content SHA-256 {contentSha}"))
        {
            pdf.Title($"信访件核查报告  Verification report {p.CaseNo}",
                "本报告由 GeoPetition 根据权威图层自动核查生成；核查结论供承办人员参考，处理意见由人作出。 Generated from the authoritative layers; the system verifies, people decide.");

            pdf.Heading("一、案件概要 Case summary");
            var v = d.Verification;
            pdf.Pairs([
                ("编号 Case no.", $"{p.CaseNo} (id {p.Id})"),
                ("渠道 / 类别 Channel / category", $"{p.Channel} / {p.Category}"),
                ("事项 Subject", p.Subject),
                ("受理日期 Received", p.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("状态 Status", p.Status),
                ("行政区 Jurisdiction", p.Xzqdm ?? "未定 undetermined"),
                ("信访人 Petitioners", $"{p.Petitioners.Count} 人{(p.IsCollective ? $"（集体访 collective, {p.Headcount} 人）" : "")}；个人信息不在报告中显示 personal data omitted"),
                ("诉求 Text", p.Text ?? "—"),
                ("核查 Verification", v is null ? "尚未核查 not verified yet" : $"#{v.Id} · {v.CreatedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} · 核查日期 check date {v.Result.CheckDate:yyyy-MM-dd}{(v.Result.AsOf ? " (as of)" : "")} · 结果哈希 result SHA-256 {v.Result.Sha256}"),
            ]);

            pdf.Heading("二、位置 Location");
            var centre = d.Geometry.InteriorPoint.Coordinate;
            var epsg = CrsRegistry.ThreeDegreeZoneEpsg(centre.X, withZonePrefix: true);
            var zone = epsg - Srids.GaussKruger3WithZoneFirst + 25;
            var gk = Reprojection.Transform(centre, Srids.Storage, epsg);
            var bounds = d.Geometry.EnvelopeInternal;
            pdf.Pairs([
                ("代表点 Representative point", $"CGCS2000 (EPSG:4490): 经度 lon {F(centre.X, "0.0000000")}°, 纬度 lat {F(centre.Y, "0.0000000")}° = {EvidenceMapRenderer.Dms(centre.X, 'E', 'W')} {EvidenceMapRenderer.Dms(centre.Y, 'N', 'S')}"),
                ("高斯–克吕格 Gauss–Krüger", $"CGCS2000 3° 第{zone}带 zone {zone} (EPSG:{epsg}, 中央经线 CM {zone * 3}°E): X(东 easting) = {F(gk.X, "0.00")} m, Y(北 northing) = {F(gk.Y, "0.00")} m"),
                ("范围 Extent (EPSG:4490)", $"{F(bounds.MinX, "0.000000")}, {F(bounds.MinY, "0.000000")} — {F(bounds.MaxX, "0.000000")}, {F(bounds.MaxY, "0.000000")}"),
                ("几何 Geometry", $"{d.Geometry.GeometryType}; 来源 source {p.LocationSource}{(p.LocationCrs is null ? "" : $" (输入坐标系 input CRS {p.LocationCrs})")}; 精度 accuracy {p.LocationAccuracy}; 容差 tolerance {F(p.ToleranceM, "0.#")} m"),
                ("面积 Area", v is null ? "—" : $"{F(v.Result.PetitionAreaM2)} m² = {F(Areas.ToMu(v.Result.PetitionAreaM2), "0.000")} 亩 (椭球面积 ellipsoidal)"),
            ]);

            pdf.Heading("三、核查结论 Findings by claim");
            if (v is null)
            {
                pdf.Paragraph("尚未核查。 Not verified yet: POST /api/petitions/{id}/verifications.");
            }

            foreach (var claim in v?.Result.Claims ?? [])
            {
                var text = claim.Index < p.Claims.Count ? p.Claims[claim.Index].Text : null;
                pdf.Paragraph($"诉求 {claim.Index + 1} Claim {claim.Index + 1}: {claim.Type.Zh()} ({claim.Type.ApiName()}){(text is null ? "" : "：" + text)}", 10, bold: true);
                pdf.Paragraph($"结论 Finding: {claim.Finding.Zh()} {claim.Finding}{(claim.Outcome is { } o ? $" · 处理意见建议 suggested outcome: {o.Zh()} {o}" : "")}", 9.5f, indent: 10);
                foreach (var r in claim.Rules)
                {
                    var area = r.AreaM2 is { } m2 ? $" · {F(m2)} m² / {F(Areas.ToMu(m2), "0.000")} 亩" : "";
                    var dates = r.Dates is { Count: > 0 } ds ? " · " + string.Join(", ", ds.Select(x => $"{x.Key} {x.Value}")) : "";
                    pdf.Paragraph($"[{r.RuleId}] {r.Finding.Zh()}{(r.IsLead ? " (主要依据 lead)" : "")}{area}{dates}", 9, bold: true, indent: 10);
                    pdf.Paragraph(r.SentenceZh, 9, indent: 20);
                    pdf.Paragraph(r.SentenceEn, 8.5f, grey: true, indent: 20);
                    pdf.Paragraph($"依据 Legal basis: {r.LegalBasis}", 8.5f, indent: 20);
                    if (r.FeatureKeys.Count > 0)
                    {
                        pdf.Paragraph($"要素 Features: {string.Join(", ", r.FeatureKeys)}", 8, grey: true, indent: 20);
                    }
                }

                pdf.Space(4);
            }

            pdf.Heading("四、叠加分析 Overlaps");
            var hits = (v?.Result.Claims ?? []).SelectMany(c => c.Evidence).DistinctBy(h => (h.LayerId, h.Fid)).OrderBy(h => h.Kind).ThenByDescending(h => h.AreaM2).ToList();
            if (hits.Count == 0)
            {
                pdf.Paragraph("无重叠要素 No overlapping features.");
            }
            else
            {
                pdf.Table([0.30f, 0.25f, 0.15f, 0.12f, 0.10f, 0.08f], ["图层 Layer", "要素 Feature", "面积 m²", "亩 mu", "占比 share", "显著"],
                    hits.Select(h => (IReadOnlyList<string>)[
                        $"{d.LayerTitles.GetValueOrDefault(h.LayerId) ?? h.LayerId} ({h.LayerId} v{h.VersionId})", h.Key, F(h.AreaM2), F(h.AreaMu, "0.000"),
                        F(h.Share * 100, "0.0") + "%", h.Significant ? "是" : "否"]));
            }

            pdf.Heading("五、证据图与影像 Evidence map and imagery", keepWith: (PdfLayout.ContentWidth * EvidenceMapRenderer.Height / EvidenceMapRenderer.Width) + 24);
            pdf.Image(map, caption: "证据图：信访位置（红）叠加核查所用图层；右侧为前后时相影像。坐标网为 CGCS2000 高斯平面坐标（米），角点为 CGCS2000 经纬度。");
            pdf.Table([0.12f, 0.34f, 0.16f, 0.12f, 0.13f, 0.13f], ["时相 Phase", "景 Scene id", "获取日期 Date", "传感器", "分辨率 m", "云量 %"],
                new[] { ("前 Before", d.Before), ("后 After", d.After) }.Select(x => (IReadOnlyList<string>)(x.Item2 is { } s
                    ? [x.Item1, s.SceneId, s.AcquisitionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Sensor ?? "—", s.ResolutionM is { } res ? F(res, "0.##") : "—", s.CloudPct is { } cl ? F(cl, "0.#") : "—"]
                    : [x.Item1, "无可用影像 none", "—", "—", "—", "—"])));
            pdf.Paragraph("影像选取 Imagery chosen: " + d.Window.Reason, grey: true);

            pdf.Heading("六、参考图层版本 Layer versions consulted");
            pdf.Table([0.26f, 0.07f, 0.22f, 0.30f, 0.15f], ["图层 Layer", "版本", "来源文件 Source", "来源 SHA-256", "导入 Imported"],
                (v?.Result.Versions ?? []).Select(lv => (IReadOnlyList<string>)[
                    $"{d.LayerTitles.GetValueOrDefault(lv.LayerId) ?? lv.LayerId} ({lv.LayerId})", lv.VersionId.ToString(CultureInfo.InvariantCulture), lv.SourceName, lv.SourceSha256,
                    lv.ImportedAt?.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—"]), 7f);

            pdf.Heading("七、附件 Attachments");
            if (d.Attachments.Count == 0)
            {
                pdf.Paragraph("无附件 No attachments.");
            }
            else
            {
                pdf.Table([0.06f, 0.13f, 0.20f, 0.39f, 0.10f, 0.12f], ["号", "类型 Kind", "文件 File / 说明", "SHA-256", "大小 bytes", "上传 Added"],
                    d.Attachments.Select(a => (IReadOnlyList<string>)[
                        a.Id.ToString(CultureInfo.InvariantCulture),
                        a.Kind + (a.SupersededBy is { } s ? $" (已被 {s} 更正 superseded)" : "") + (a.Supersedes is { } o ? $" (更正 corrects {o})" : ""),
                        Describe(a),
                        a.Sha256 ?? "—", a.SizeBytes?.ToString(CultureInfo.InvariantCulture) ?? "—",
                        a.CreatedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]), 7f);
            }

            pdf.Heading("八、完整性 Integrity");
            pdf.Pairs([
                ("证据链 Evidence chain", $"{chainEntries} 条记录 entries; 链头 head SHA-256 {chainHead}（生成本报告前 before this report）"),
                ("生成时间 Generated at", $"{local:yyyy-MM-dd HH:mm:ss.ffffff} (UTC+8) = {Canonical.Time(generatedAt)}"),
                ("内容哈希 Content SHA-256", contentSha),
                ("核对 How to check", $"GET /api/petitions/{p.Id}/evidence/verify 重算证据链；本报告 PDF 文件的 SHA-256 记入证据链（Report 条目）并列于证据包 manifest.json。 The PDF file's own SHA-256 is recorded in the chain and the package manifest."),
            ], 0.30f);
            pdf.Close();
        }

        return output.ToArray();
    }
}
