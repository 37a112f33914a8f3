using GeoPetition.Core.Layers;
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
/// Everything the map, the report and the package show about one petition, read once: the
/// petition, its latest verification, the features around it in the layer versions that
/// verification consulted, the before/after imagery, and the attachments.
/// </summary>
public sealed record EvidenceDossier(
    PetitionDto Petition, Geometry Geometry, StoredVerification? Verification, IReadOnlyList<MapFeature> Features,
    ImageryScene? Before, ImageryScene? After, IReadOnlyList<AttachmentDto> Attachments, IReadOnlyDictionary<string, string> LayerTitles);

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
        var extent = MapExtent(geometry);
        var hits = verification?.Result.Claims.SelectMany(c => c.Evidence).Select(h => (h.LayerId, h.Fid)).ToHashSet() ?? [];
        var features = new List<MapFeature>();
        var titles = await LayerTitlesAsync(ct);
        foreach (var v in verification?.Result.Versions ?? [])
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

            await using var command = dataSource.CreateCommand($"""
                SELECT t.fid, t.{LayerSql.Quote(definition.KeyColumn)}::text, t.geom FROM {LayerSql.Quote(definition.Table)} t
                WHERE t.version_id = @v AND t.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490)
                ORDER BY t.fid LIMIT {MaxFeaturesPerLayer}
                """);
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

        var (before, after) = await PairAsync(geometry, petition.ReceivedAt, ct);
        return new EvidenceDossier(petition, geometry, verification, features, before, after, await evidence.ListAsync(id, ct), titles);
    }

    /// <summary>
    /// The scenes either side of the day the petition was received; when nothing was acquired after
    /// it, the last scene and the one before it (the newest change the imagery can show).
    /// </summary>
    private async Task<(ImageryScene? Before, ImageryScene? After)> PairAsync(Geometry geometry, DateOnly date, CancellationToken ct)
    {
        var clear = imageryOptions.Value.ClearCloudPct;
        var (before, after) = await imagery.PairAsync(geometry, date, clear, ct);
        if (after is null && before is not null)
        {
            var (earlier, _) = await imagery.PairAsync(geometry, before.AcquisitionDate.AddDays(-1), clear, ct);
            (before, after) = (earlier, before);
        }

        return (before, after);
    }

    /// <summary>The map's extent in EPSG:4490: the petition's envelope grown by half its size and at least ~150 m each side.</summary>
    public static Envelope MapExtent(Geometry geometry)
    {
        var e = new Envelope(geometry.EnvelopeInternal);
        var margin = Math.Max(Math.Max(e.Width, e.Height) * 0.5, 0.0015);
        e.ExpandBy(margin);
        return e;
    }

    private async Task<Dictionary<string, string>> LayerTitlesAsync(CancellationToken ct)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT id, title FROM layer");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            titles[reader.GetString(0)] = reader.GetString(1);
        }

        return titles;
    }
}
