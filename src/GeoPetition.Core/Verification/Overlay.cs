using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GeoPetition.Core.Verification;

/// <summary>
/// The geometry work of one verification, done in the 3° Gauss–Krüger zone of the petition's
/// centroid (EPSG:4534–4554, metres), where tolerances are distances. Reported areas are
/// ellipsoidal (CGCS2000, the official 椭球面积), computed from the zone geometry transformed
/// back to lon/lat, so they agree with PostGIS <c>ST_Area(geography)</c>.
/// </summary>
public sealed class Overlay
{
    private readonly Dictionary<(string, long), Geometry> _projected = [];
    private readonly Dictionary<(string, long), FeatureHit> _hits = [];
    private readonly VerificationOptions _options;

    public Overlay(Geometry petitionLonLat, double petitionToleranceM, VerificationOptions options)
    {
        _options = options;
        var centroid = petitionLonLat.Centroid;
        Zone = CrsRegistry.ThreeDegreeZoneEpsg(centroid.X, withZonePrefix: false);
        ToleranceM = petitionToleranceM;
        var projected = Reprojection.Transform(petitionLonLat, Srids.Storage, Zone);
        IsAreal = projected is Polygon or MultiPolygon;

        // A pin or a line is the area within its tolerance; a polygon is itself, and its
        // significant part is what remains after shrinking it by its tolerance (§7.0).
        Petition = IsAreal ? projected : projected.Buffer(Math.Max(petitionToleranceM, 0.01), 16);
        PetitionSignificant = IsAreal && petitionToleranceM > 0 ? Petition.Buffer(-petitionToleranceM) : Petition;
        if (PetitionSignificant.IsEmpty)
        {
            PetitionSignificant = Petition;
        }

        PetitionAreaM2 = Area(Petition);
        AreaEpsilonM2 = options.AreaEpsilonM2;
        PetitionLonLat = Reprojection.Transform(Petition, Zone, Srids.Storage);
    }

    /// <summary>EPSG code of the working zone (3° GK without zone prefix).</summary>
    public int Zone { get; }

    public bool IsAreal { get; }

    public double ToleranceM { get; }

    /// <summary>The petition area in the zone (a pin or line buffered by its tolerance).</summary>
    public Geometry Petition { get; }

    /// <summary>The petition area in lon/lat, used to search the layers.</summary>
    public Geometry PetitionLonLat { get; }

    public Geometry PetitionSignificant { get; }

    public double PetitionAreaM2 { get; }

    /// <summary>The floor of AREA_EPS: 0.01 亩 (6.67 m²). A derived part smaller than this is noise.</summary>
    public double AreaEpsilonM2 { get; }

    /// <summary>
    /// AREA_EPS for comparing areas of size <paramref name="referenceAreaM2"/>: max(0.01 亩, 0.1 % of
    /// it) (§3.3, §7.0). The reference is the smaller of the two things compared (a feature against
    /// the petition, a part against the change it belongs to), so a 900 m² building inside a 1 km²
    /// petition is not lost under 0.1 % of the petition.
    /// </summary>
    public double Epsilon(double referenceAreaM2) => Math.Max(_options.AreaEpsilonM2, _options.AreaEpsilonShare * referenceAreaM2);

    /// <summary>Ellipsoidal area (m²) of a geometry in the working zone.</summary>
    public double Area(Geometry zoneGeometry) =>
        zoneGeometry.IsEmpty || zoneGeometry.Dimension < Dimension.Surface ? 0 : Areas.EllipsoidalArea(Reprojection.Transform(zoneGeometry, Zone, Srids.Storage));

    /// <summary>The feature's geometry in the working zone (cached).</summary>
    public Geometry Project(LayerFeature feature)
    {
        var key = (feature.LayerId, feature.Fid);
        if (!_projected.TryGetValue(key, out var g))
        {
            g = Reprojection.Transform(feature.Geometry, Srids.Storage, Zone);
            if (!g.IsValid)
            {
                g = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(g);
            }

            _projected[key] = g;
        }

        return g;
    }

    /// <summary>
    /// Overlap of the petition with one feature: the untrimmed intersection area, and whether it
    /// is significant: area(shrink(P, tolP) ∩ shrink(F, tolF)) &gt; AREA_EPS (§7.0).
    /// </summary>
    public FeatureHit Hit(LayerFeature feature)
    {
        var key = (feature.LayerId, feature.Fid);
        if (_hits.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var g = Project(feature);
        var intersection = Petition.Intersection(g);
        var area = Area(intersection);
        var significant = false;
        var epsilon = Epsilon(Math.Min(PetitionAreaM2, Area(g)));
        if (area > epsilon)
        {
            var tol = _options.LayerTolerance(feature.Kind);
            var shrunk = tol > 0 ? g.Buffer(-tol) : g;
            significant = Area(PetitionSignificant.Intersection(shrunk)) > epsilon;
        }

        var kind = LayerKinds.Get(feature.Kind);
        var attributes = kind.Fields.Take(8).Concat(kind.Fields.Where(f => kind.DateColumns.Contains(f.Column)))
            .Distinct()
            .ToDictionary(f => f.Column, f => feature.Text(f.Column));
        var hit = new FeatureHit(
            feature.LayerId, feature.VersionId, feature.Fid, feature.Kind, feature.Key,
            area, Areas.ToMu(area), PetitionAreaM2 > 0 ? area / PetitionAreaM2 : 0, significant, attributes);
        _hits[key] = hit;
        return hit;
    }

    /// <summary>The part of the petition inside the union of the features (zone geometry).</summary>
    public Geometry Within(IEnumerable<LayerFeature> features) => Petition.Intersection(Union(features.Select(Project)));

    public static Geometry Union(IEnumerable<Geometry> geometries)
    {
        var list = geometries.Where(g => !g.IsEmpty).ToList();
        return list.Count switch
        {
            0 => GeometryFactory.Default.CreatePolygon(),
            1 => list[0],
            _ => UnaryUnionOp.Union(list),
        };
    }

    /// <summary>Area of <paramref name="a"/> outside <paramref name="b"/>, ellipsoidal m².</summary>
    public double AreaOutside(Geometry a, Geometry b) => b.IsEmpty ? Area(a) : Area(a.Difference(b));

    /// <summary>True when a zone geometry's area exceeds the AREA_EPS floor (0.01 亩).</summary>
    public bool IsSignificant(Geometry zoneGeometry) => Area(zoneGeometry) > AreaEpsilonM2;
}
