using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// Ellipsoidal area (m², CGCS2000) of polygons given in the grid of one Gauss–Krüger zone
/// (k0 = 1), computed in the grid without transforming a vertex back to longitude/latitude.
/// </summary>
/// <remarks>
/// <para>
/// Gauss–Krüger is conformal: at a point whose grid distance from the central meridian is x, a
/// grid area element is the ellipsoidal area element times k², with the point scale factor
/// k = 1 + u/2 + (1 + 6η²)u²/24 + u³/720 + … for u = x²/R² (R² = ρν, the product of the meridian
/// and prime-vertical radii of curvature at the footpoint latitude, η² = e′²cos²φ there; the
/// standard grid-coordinate series). So the ellipsoidal area is
/// ∫∫ k⁻² dA = ∫∫ (1 − u + (⅔ − η²/2)u² − (17/45)u³) dA, u ≤ 1.5·10⁻³ inside a 3° zone.
/// </para>
/// <para>
/// The moments ∫∫ xⁿ dA of a polygon (n = 2, 4) are exact sums over its edges (Green's theorem):
/// ∫∫ ξⁿ dA = Σ (ξᵢηᵢ₊₁ − ξᵢ₊₁ηᵢ) · Σₖ ξᵢᵏ ξᵢ₊₁ⁿ⁻ᵏ / ((n + 1)(n + 2)), taken in coordinates
/// (ξ, η) relative to an origin near the work so that no large coordinates are multiplied, then
/// shifted to the central meridian (x = c + ξ); the u³ term (below 2·10⁻⁹ of the area) uses the
/// polygon's mean u. R is taken at the origin's footpoint latitude: over a 50 km span R² changes
/// by 10⁻⁴ of itself, which moves the area by at most 10⁻⁴·u.
/// </para>
/// <para>
/// Against <see cref="Areas.EllipsoidalArea"/> of the same polygons in lon/lat (which agrees with
/// PostGIS <c>ST_Area(geography)</c>): within 1e-8 of the area for polygons of short edges anywhere
/// in a 3° zone and 2.5° beyond (the tests check it). An edge is straight in the grid here and a
/// great circle there; the two paths part by an area growing with the cube of the edge's length
/// and with its distance from the central meridian (2e-7 of a 10 ha piece with 1 km edges 70 km
/// from it), far below the 0.05 % required against PostGIS.
/// </para>
/// </remarks>
public sealed class ZoneArea
{
    /// <summary>The coefficient of −u³ in k⁻² (that of sech²: the sphere's).</summary>
    private const double U3 = 17.0 / 45.0;

    private readonly double _originX;
    private readonly double _originY;

    /// <summary>Grid distance of the origin from the central meridian (its easting less the false easting).</summary>
    private readonly double _c;

    private readonly double _inverseR2;

    /// <summary>The coefficient of u² in k⁻², ⅔ − η²/2 (η² = e'² cos²φ at the footpoint).</summary>
    private readonly double _u2;

    /// <summary><see cref="Ring"/>, as a delegate made once.</summary>
    private readonly Func<CoordinateSequence, double> _ring;

    /// <param name="zoneEpsg">A Gauss–Krüger system (EPSG:4491–4554).</param>
    /// <param name="originX">Easting of a point near the polygons to be measured (their origin for the sums).</param>
    /// <param name="originY">Northing of that point.</param>
    /// <exception cref="ArgumentException">The system is not a Gauss–Krüger zone.</exception>
    public ZoneArea(int zoneEpsg, double originX, double originY)
    {
        var info = CrsRegistry.Get(zoneEpsg);
        if (!info.IsGaussKruger || info.CentralMeridian is not { } centralMeridian)
        {
            throw new ArgumentException($"EPSG:{zoneEpsg} is not a Gauss–Krüger zone", nameof(zoneEpsg));
        }

        _originX = originX;
        _originY = originY;
        _c = originX - info.FalseEasting;

        // The footpoint latitude: on the central meridian at the origin's northing.
        var (_, footpoint) = new GaussKruger(centralMeridian, info.FalseEasting).Inverse(info.FalseEasting, originY);
        var e2 = 1.0 / GaussKruger.InverseFlattening * (2.0 - (1.0 / GaussKruger.InverseFlattening));
        var s = Math.Sin(footpoint * Math.PI / 180.0);
        var w = 1.0 - (e2 * s * s);

        // ρν = a²(1 − e²) / (1 − e² sin²φ)².
        _inverseR2 = w * w / (GaussKruger.SemiMajorAxis * GaussKruger.SemiMajorAxis * (1.0 - e2));
        var cos = Math.Cos(footpoint * Math.PI / 180.0);
        var eta2 = e2 / (1.0 - e2) * cos * cos;
        _u2 = (2.0 / 3.0) - (eta2 / 2.0);
        _ring = Ring;
    }

    /// <summary>
    /// Ellipsoidal area (m²) of a polygonal geometry in the zone's grid, holes subtracted, each
    /// polygon at least 0, as <see cref="Areas.EllipsoidalArea"/> sums them; 0 for points and lines.
    /// </summary>
    public double Of(Geometry zoneGeometry) => Areas.SumPolygons(zoneGeometry, _ring);

    /// <summary>Unsigned ellipsoidal area of a ring (closed or not: the edge back to the first vertex is included).</summary>
    private double Ring(CoordinateSequence ring)
    {
        var n = ring.Count;
        if (n < 3)
        {
            return 0.0;
        }

        // Twice, six, twelve, twenty and thirty times the signed moments ∫∫ξⁿ dA, n = 0…4.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        var x0 = ring.GetX(n - 1) - _originX;
        var y0 = ring.GetY(n - 1) - _originY;
        for (var i = 0; i < n; i++)
        {
            var x1 = ring.GetX(i) - _originX;
            var y1 = ring.GetY(i) - _originY;
            var cross = (x0 * y1) - (x1 * y0);
            var xx0 = x0 * x0;
            var xx1 = x1 * x1;
            var x01 = x0 * x1;
            s0 += cross;
            s1 += cross * (x0 + x1);
            s2 += cross * (xx0 + x01 + xx1);
            s3 += cross * (x0 + x1) * (xx0 + xx1);
            s4 += cross * ((xx0 * xx0) + (xx0 * x01) + (xx0 * xx1) + (x01 * xx1) + (xx1 * xx1));
            (x0, y0) = (x1, y1);
        }

        var m0 = s0 / 2.0;
        var m1 = s1 / 6.0;
        var m2 = s2 / 12.0;
        var m3 = s3 / 20.0;
        var m4 = s4 / 30.0;
        var c = _c;
        var c2 = c * c;

        // ∫∫x² and ∫∫x⁴ with x = c + ξ.
        var x2 = (c2 * m0) + (2.0 * c * m1) + m2;
        var x4 = (c2 * c2 * m0) + (4.0 * c2 * c * m1) + (6.0 * c2 * m2) + (4.0 * c * m3) + m4;
        // ∫∫x⁶ from the mean of x² (the term is below 2e-9 of the area; the polygon's spread changes it negligibly).
        var meanU = m0 == 0 ? 0 : x2 / m0 * _inverseR2;
        var area = m0 - (x2 * _inverseR2) + (_u2 * x4 * _inverseR2 * _inverseR2) - (U3 * meanU * meanU * meanU * m0);
        return Math.Abs(area);
    }
}
