using GeoPetition.Core.Evidence;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using GeoPetition.Server.Imagery;
using GeoPetition.Server.Petitions;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Server.Evidence;

/// <summary>A layer feature drawn on the evidence map: its layer, key, geometry (EPSG:4490) and whether a finding cites it.</summary>
public sealed record MapFeature(string LayerId, LayerKind Kind, string Title, string Key, long Fid, Geometry Geometry, bool IsHit);

/// <summary>
/// What an evidence map shows: a heading, the checked geometry, the features around it in the
/// layer versions its verification consulted, the before/after imagery chosen by
/// <see cref="Window"/>, and positioned attachments (photos, field checks).
/// </summary>
public sealed record EvidenceMapScene(
    string Title, string Subtitle, string Accuracy, Geometry Geometry, IReadOnlyList<MapFeature> Features,
    ImageryScene? Before, ImageryScene? After, ImageryWindow Window, IReadOnlyList<AttachmentDto> Attachments)
{
    /// <summary>The legend's name of the checked geometry.</summary>
    public string LocationLabel { get; init; } = "信访位置 Petition location";
}

/// <summary>
/// Everything the map, the report and the package show about one petition, read once: the
/// petition, its latest verification, the features around it in the layer versions that
/// verification consulted, the before/after imagery, and the attachments.
/// </summary>
public sealed record EvidenceDossier(
    PetitionDto Petition, Geometry Geometry, StoredVerification? Verification, IReadOnlyList<MapFeature> Features,
    ImageryScene? Before, ImageryScene? After, ImageryWindow Window, IReadOnlyList<AttachmentDto> Attachments, IReadOnlyDictionary<string, string> LayerTitles)
{
    /// <summary>The petition's evidence map.</summary>
    public EvidenceMapScene MapScene => new(
        $"信访件 {Petition.CaseNo} 核查证据图  Evidence map",
        $"{Petition.Subject} · 受理 received {Petition.ReceivedAt:yyyy-MM-dd} · 核查结论 finding: {FindingLabel(Verification?.Result)}",
        Petition.LocationAccuracy, Geometry, Features, Before, After, Window, Attachments);

    /// <summary>The overall finding in Chinese and English, or "not verified".</summary>
    internal static string FindingLabel(VerificationResult? r)
    {
        if (r is null)
        {
            return "未核查 not verified";
        }

        var f = VerificationService.OverallFinding(r);
        return $"{f.Zh()} {f}";
    }
}

/// <summary>Loads <see cref="EvidenceDossier"/>s; the petition read goes through the caller's jurisdiction scope.</summary>
public sealed class EvidenceDossierLoader(
    NpgsqlDataSource dataSource, PetitionStore petitions, VerificationService verifications, ImageryStore imagery,
    IOptions<ImageryOptions> imageryOptions, EvidenceStore evidence)
{
    /// <summary>Layer kinds never drawn as context (they cover everything or are the imagery itself).</summary>
    private static readonly LayerKind[] NotDrawn = [LayerKind.Jurisdiction, LayerKind.ImageryScene];

    private const int MaxFeaturesPerLayer = 300;

    public async Task<EvidenceDossier?> LoadAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        var petition = await petitions.GetAsync(id, scope, ct);
        if (petition is null)
        {
            return null;
        }

        var geometry = (await petitions.GeometryAsync(id, ct))!;
        var verification = (await verifications.ListAsync(id, ct)).FirstOrDefault();
        var (titles, restricted) = await LayersAsync(ct);
        // A petition in the reader's scope: its map shows what its stored verification consulted.
        var features = await FeaturesAsync(geometry, verification?.Result, titles, restricted, null, ct);
        var (before, after, window) = await ImageryAsync(geometry, verification?.Result, petition.ReceivedAt, ct);
        return new EvidenceDossier(petition, geometry, verification, features, before, after, window, await evidence.ListAsync(id, ct), titles);
    }

    /// <summary>
    /// The map of an ad-hoc verification (nothing stored): the checked geometry over the features of
    /// the layer versions that verification consulted, imagery around its cited change spot or its
    /// check date. With <paramref name="restrictedAreaPrefix"/> restricted layers are drawn only where
    /// they meet that unit's area.
    /// </summary>
    public async Task<EvidenceMapScene> AdHocAsync(Geometry geometry, string accuracy, VerificationResult result, string? restrictedAreaPrefix, CancellationToken ct)
    {
        var (titles, restricted) = await LayersAsync(ct);
        var features = await FeaturesAsync(geometry, result, titles, restricted, restrictedAreaPrefix, ct);
        var (before, after, window) = await ImageryAsync(geometry, result, result.CheckDate, ct);
        var claims = string.Join("、", result.Claims.Select(c => $"{c.Type.Zh()} {c.Type}"));
        return new EvidenceMapScene(
            "临时核查证据图  Ad-hoc verification map",
            $"{claims} · 核查日 checked as of {result.CheckDate:yyyy-MM-dd} · 核查结论 finding: {EvidenceDossier.FindingLabel(result)} · 结果 result {result.Sha256[..12]}",
            accuracy, geometry, features, before, after, window, [])
        { LocationLabel = "核查位置 Checked location" };
    }

    /// <summary>The features of the consulted layer versions inside the map extent, cited ones marked; restricted layers cut to a unit's area when a prefix is given.</summary>
    private async Task<List<MapFeature>> FeaturesAsync(
        Geometry geometry, VerificationResult? result, IReadOnlyDictionary<string, string> titles, IReadOnlySet<string> restricted,
        string? restrictedAreaPrefix, CancellationToken ct)
    {
        var extent = MapExtent(geometry);
        var hits = result?.Claims.SelectMany(c => c.Evidence).Select(h => (h.LayerId, h.Fid)).ToHashSet() ?? [];
        var features = new List<MapFeature>();
        foreach (var v in result?.Versions ?? [])
        {
            if (NotDrawn.Contains(v.Kind))
            {
                continue;
            }

            var definition = LayerKinds.Get(v.Kind);
            var anyHit = hits.Any(h => h.LayerId == v.LayerId);
            // The land-use survey is drawn only when a finding cites it (it tiles the whole county).
            if (v.Kind == LayerKind.LandUse && !anyHit)
            {
                continue;
            }

            var cut = restrictedAreaPrefix is not null && restricted.Contains(v.LayerId);
            await using var command = dataSource.CreateCommand($"""
                SELECT t.fid, t.{LayerSql.Quote(definition.KeyColumn)}::text, t.geom FROM {LayerSql.Quote(definition.Table)} t
                WHERE t.version_id = @v AND t.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490)
                {(cut ? "AND " + JurisdictionScope.AreaCondition("t") : "")}
                ORDER BY t.fid LIMIT {MaxFeaturesPerLayer}
                """);
            if (cut)
            {
                command.Parameters.AddWithValue("scope_prefix", NpgsqlTypes.NpgsqlDbType.Text, restrictedAreaPrefix!);
            }

            command.Parameters.AddWithValue("v", v.VersionId);
            command.Parameters.AddWithValue("minx", extent.MinX);
            command.Parameters.AddWithValue("miny", extent.MinY);
            command.Parameters.AddWithValue("maxx", extent.MaxX);
            command.Parameters.AddWithValue("maxy", extent.MaxY);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var fid = reader.GetInt64(0);
                features.Add(new MapFeature(v.LayerId, v.Kind, titles.GetValueOrDefault(v.LayerId) ?? definition.TitleZh,
                    reader.IsDBNull(1) ? "" : reader.GetString(1), fid, (Geometry)reader.GetValue(2), hits.Contains((v.LayerId, fid))));
            }
        }

        return features;
    }

    /// <summary>
    /// The before/after scenes of <see cref="ImageryWindow.For"/>: those of the cited change spot's
    /// image dates, else (no spot, or no clear scene on one side of its window) those either side of
    /// the reference day; when nothing was acquired after that day, the last scene and the one
    /// before it (the newest change the imagery can show).
    /// </summary>
    private async Task<(ImageryScene? Before, ImageryScene? After, ImageryWindow Window)> ImageryAsync(
        Geometry geometry, VerificationResult? result, DateOnly reference, CancellationToken ct)
    {
        var clear = imageryOptions.Value.ClearCloudPct;
        var window = ImageryWindow.For(result, reference);
        var (before, after) = await imagery.PairAsync(geometry, window.BeforeOnOrBefore, window.AfterOnOrAfter, clear, ct);
        if (window.SpotKey is not null && (before is null || after is null))
        {
            var fallback = ImageryWindow.For(null, reference);
            window = fallback with { Reason = $"图斑 {window.SpotKey} 的前后时相无清晰影像 no clear scene at change spot {window.SpotKey}'s dates; {fallback.Reason}" };
            (before, after) = await imagery.PairAsync(geometry, window.BeforeOnOrBefore, window.AfterOnOrAfter, clear, ct);
        }

        if (after is null && before is not null)
        {
            var (earlier, _) = await imagery.PairAsync(geometry, before.AcquisitionDate.AddDays(-1), clear, ct);
            (before, after) = (earlier, before);
        }

        return (before, after, window);
    }

    /// <summary>The map's extent in EPSG:4490: the petition's envelope grown by half its size and at least ~150 m each side.</summary>
    public static Envelope MapExtent(Geometry geometry)
    {
        var e = new Envelope(geometry.EnvelopeInternal);
        var margin = Math.Max(Math.Max(e.Width, e.Height) * 0.5, 0.0015);
        e.ExpandBy(margin);
        return e;
    }

    /// <summary>Every layer's title, and the ids of the restricted layers.</summary>
    private async Task<(Dictionary<string, string> Titles, HashSet<string> Restricted)> LayersAsync(CancellationToken ct)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var restricted = new HashSet<string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT id, title, restricted FROM layer");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            titles[reader.GetString(0)] = reader.GetString(1);
            if (reader.GetBoolean(2))
            {
                restricted.Add(reader.GetString(0));
            }
        }

        return (titles, restricted);
    }
}
