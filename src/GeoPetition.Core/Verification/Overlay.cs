using System.Collections.Concurrent;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GeoPetition.Core.Verification;

/// <summary>
/// The geometry work of one verification, done in the 3° Gauss–Krüger zone of the petition's
/// centroid (EPSG:4534–4554, metres), where tolerances are distances. Reported areas are
/// ellipsoidal (CGCS2000, the official 椭球面积), computed from the zone geometry with the
/// projection's scale taken out (<see cref="ZoneArea"/>), so they agree with PostGIS
/// <c>ST_Area(geography)</c> far inside the 0.05 % required.
/// </summary>
/// <remarks>
/// Thread-safe: the independent parts of the work (each feature's clip and hit, each polygon of a
/// change in <see cref="Cover"/>) run on up to <see cref="VerificationOptions.MaxParallelism"/>
/// threads. Every cached value is a pure function of its key, computed once per key (per-feature
/// values under the feature's lock, so every caller sees the same instance), so the results do
/// not depend on the number of threads or their timing.
/// </remarks>
public sealed class Overlay
{
    private static readonly ConcurrentDictionary<LayerKind, string[]> EvidenceColumnsByKind = new();

    /// <summary>
    /// Per-feature state (zone geometry, clipped part, prepared clip, hit), by the feature object: a
    /// verification holds one object per feature, and its identity hashes much faster than its key.
    /// </summary>
    private readonly ConcurrentDictionary<LayerFeature, FeatureState> _features = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Polygon, Dictionary<LayerFeature, Geometry>> _pieces = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Polygon, IPreparedGeometry> _preparedParts = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Geometry, double> _areas = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, Lazy<Geometry>> _within = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Geometry>> _unions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FeatureSet, Lazy<STRtree<int>>> _setIndexes = new(ReferenceEqualityComparer.Instance);
    private readonly VerificationOptions _options;
    private readonly ZoneArea _zoneArea;
    private readonly IPreparedGeometry _petitionPrepared;
    private readonly Coordinate[]? _petitionConvexRing;
    private readonly Envelope _petitionEnvelope;

    /// <summary>How far the petition is shrunk for its significant part (0 when it is not).</summary>
    private readonly double _petitionShrinkM;

    /// <summary>The empty result of an overlay (a polygon, so areas and dimensions read as surfaces).</summary>
    private static readonly Geometry Empty = GeometryFactory.Default.CreatePolygon();

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
        _petitionShrinkM = IsAreal && petitionToleranceM > 0 ? petitionToleranceM : 0;
        if (PetitionSignificant.IsEmpty)
        {
            PetitionSignificant = Petition;
            _petitionShrinkM = 0;
        }

        var origin = Petition.Centroid;
        _zoneArea = new ZoneArea(Zone, origin.X, origin.Y);
        _petitionPrepared = PreparedGeometryFactory.Prepare(Petition);
        _petitionConvexRing = ConvexRing(Petition);
        _petitionEnvelope = Petition.EnvelopeInternal;

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

    /// <summary>
    /// Ellipsoidal area (m²) of a geometry in the working zone, computed in the zone's grid by
    /// <see cref="ZoneArea"/> (the grid area with the projection's scale taken out: within 1e-6 of
    /// <see cref="Areas.EllipsoidalArea"/> of the geometry in lon/lat, 1e-8 for short edges); each
    /// geometry's area is computed once per verification.
    /// </summary>
    public double Area(Geometry zoneGeometry)
    {
        if (zoneGeometry.IsEmpty || zoneGeometry.Dimension < Dimension.Surface)
        {
            return 0;
        }

        if (!_areas.TryGetValue(zoneGeometry, out var area))
        {
            area = _zoneArea.Of(zoneGeometry);
            _areas.TryAdd(zoneGeometry, area);
        }

        return area;
    }

    /// <summary>The feature's geometry in the working zone (cached); a multipolygon of one polygon is that polygon.</summary>
    public Geometry Project(LayerFeature feature)
    {
        var state = State(feature);
        if (Volatile.Read(ref state.Projected) is { } g)
        {
            return g;
        }

        lock (state)
        {
            if (state.Projected is null)
            {
                g = Reprojection.Transform(feature.Geometry, Srids.Storage, Zone);
                if (g is MultiPolygon { NumGeometries: 1 } single)
                {
                    // The layer tables store every feature as a multipolygon: one of a single
                    // polygon is that polygon (the overlays' fast paths take polygons).
                    g = single.GetGeometryN(0);
                }

                if (!SimplePolygon.IsCertainlyValid(g) && !g.IsValid)
                {
                    g = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(g);
                }

                Volatile.Write(ref state.Projected, g);
            }

            return state.Projected;
        }
    }

    /// <summary>The state of a feature, created on first use.</summary>
    private FeatureState State(LayerFeature feature) =>
        _features.TryGetValue(feature, out var state) ? state : _features.GetOrAdd(feature, static _ => new FeatureState());

    /// <summary>
    /// What the overlay has computed for one feature. Each value is computed once, under a lock on
    /// the state, and published with a volatile write; readers that find it set need no lock.
    /// </summary>
    private sealed class FeatureState
    {
        public Geometry? Projected;
        public Geometry? Clipped;
        public IPreparedGeometry? PreparedClip;
        public FeatureHit? Hit;
    }

    /// <summary>
    /// The part of the feature inside the petition (zone geometry, cached): the feature itself
    /// when the petition covers it, empty when they are disjoint, else their intersection.
    /// </summary>
    public Geometry Clip(LayerFeature feature)
    {
        var state = State(feature);
        if (Volatile.Read(ref state.Clipped) is { } clip)
        {
            return clip;
        }

        lock (state)
        {
            if (state.Clipped is null)
            {
                var g = Project(feature);
                clip = !_petitionEnvelope.Intersects(CachedEnvelope.Of(g)) ? Empty
                    : PetitionCovers(g) ? g
                    : Intersection(Petition, g);
                Volatile.Write(ref state.Clipped, clip);
            }

            return state.Clipped;
        }
    }

    /// <summary>
    /// The petition covers a feature's zone geometry. A convex petition of a few edges (a drawn
    /// square or quadrilateral, the commonest) covers a polygon exactly when it covers each vertex
    /// of its shells, since a polygon lies within the convex hull of its shells' vertices: a few
    /// exact orientation tests per vertex instead of the prepared predicate's segment index.
    /// </summary>
    private bool PetitionCovers(Geometry g)
    {
        if (_petitionConvexRing is not { } ring || g is not (Polygon or MultiPolygon))
        {
            return _petitionPrepared.Covers(g);
        }

        for (var i = 0; i < g.NumGeometries; i++)
        {
            var shell = ((Polygon)g.GetGeometryN(i)).ExteriorRing.CoordinateSequence;
            for (var j = 0; j < shell.Count; j++)
            {
                var (x, y) = (shell.GetX(j), shell.GetY(j));
                for (var k = 0; k < ring.Length - 1; k++)
                {
                    if (CGAlgorithmsDD.OrientationIndex(ring[k].X, ring[k].Y, ring[k + 1].X, ring[k + 1].Y, x, y) < 0)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The shell of a polygon without holes, counter-clockwise, when it is strictly convex (every
    /// corner an exact left turn; the polygon is valid, so its ring is simple) and has at most 32
    /// edges; else null.
    /// </summary>
    private static Coordinate[]? ConvexRing(Geometry g)
    {
        if (g is not Polygon { NumInteriorRings: 0, IsEmpty: false } polygon)
        {
            return null;
        }

        var ring = polygon.ExteriorRing.Coordinates;
        var n = ring.Length - 1;
        if (n < 3 || n > 32)
        {
            return null;
        }

        if (!Orientation.IsCCW(ring))
        {
            ring = ring.Reverse().ToArray();
        }

        for (var i = 0; i < n; i++)
        {
            if (Orientation.Index(ring[i], ring[i + 1], ring[(i + 2) % n]) != OrientationIndex.CounterClockwise)
            {
                return null;
            }
        }

        return ring;
    }

    /// <summary>
    /// Overlap of the petition with one feature: the untrimmed intersection area, and whether it
    /// is significant: area(shrink(P, tolP) ∩ shrink(F, tolF)) &gt; AREA_EPS (§7.0).
    /// </summary>
    public FeatureHit Hit(LayerFeature feature)
    {
        var state = State(feature);
        if (Volatile.Read(ref state.Hit) is { } cached)
        {
            return cached;
        }

        lock (state)
        {
            state.Hit ??= ComputeHit(feature);
            return state.Hit;
        }
    }

    /// <summary>
    /// Computes <see cref="Hit"/> of every feature, on up to <see cref="VerificationOptions.MaxParallelism"/>
    /// threads: each feature's clip and hit depend on that feature alone, and every claim's evidence
    /// lists them all.
    /// </summary>
    public void PrepareHits(IReadOnlyList<LayerFeature> features) =>
        ForEach(features.Count, i => Hit(features[i]), minimumPerThread: 16);

    /// <summary>
    /// <paramref name="map"/> of each item, in the items' order, on up to
    /// <see cref="VerificationOptions.MaxParallelism"/> threads: for the per-feature loops of the
    /// rules, whose overlays depend on one feature each (the overlay's caches are thread-safe).
    /// </summary>
    public TResult[] Map<T, TResult>(IReadOnlyList<T> items, Func<T, TResult> map)
    {
        var results = new TResult[items.Count];
        ForEach(items.Count, i => results[i] = map(items[i]), minimumPerThread: 2);
        return results;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for 0 ≤ i &lt; <paramref name="count"/>: on the calling thread
    /// when parallelism is off or there are fewer than <paramref name="minimumPerThread"/> items
    /// per thread, else on up to <see cref="VerificationOptions.MaxParallelism"/> threads.
    /// </summary>
    private void ForEach(int count, Action<int> body, int minimumPerThread)
    {
        var threads = Math.Min(_options.MaxParallelism, count / Math.Max(minimumPerThread, 1));
        if (threads <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    private FeatureHit ComputeHit(LayerFeature feature)
    {
        var g = Project(feature);
        var clip = Clip(feature);
        var area = Area(clip);
        var tol = _options.LayerTolerance(feature.Kind);
        var shrinkM = Math.Max(tol, _petitionShrinkM);

        // AREA_EPS of this comparison is max(floor, share × min(P, F)), at most that of the petition
        // alone: the feature's own area is computed only when that bound does not decide.
        bool significant;
        var upper = Epsilon(PetitionAreaM2);
        if (area <= AreaEpsilonM2)
        {
            significant = false;
        }
        else if (area > upper && ShrunkOverlapExceeds(clip, area, shrinkM, upper))
        {
            significant = true;
        }
        else
        {
            var epsilon = Epsilon(Math.Min(PetitionAreaM2, ReferenceEquals(clip, g) ? area : Area(g)));
            significant = area > epsilon
                && (ShrunkOverlapExceeds(clip, area, shrinkM, epsilon)
                    || Area(Intersection(PetitionSignificant, tol > 0 ? g.Buffer(-tol) : g)) > epsilon);
        }

        var columns = EvidenceColumns(feature.Kind);
        var attributes = new Dictionary<string, string?>(columns.Length);
        foreach (var column in columns)
        {
            attributes[column] = feature.Text(column);
        }

        return new FeatureHit(
            feature.LayerId, feature.VersionId, feature.Fid, feature.Kind, feature.Key,
            area, Areas.ToMu(area), PetitionAreaM2 > 0 ? area / PetitionAreaM2 : 0, significant, attributes);
    }

    /// <summary>The attributes a hit carries: the kind's first 8 columns and its date columns, in that order.</summary>
    private static string[] EvidenceColumns(LayerKind kind) => EvidenceColumnsByKind.GetOrAdd(kind, static k =>
    {
        var definition = LayerKinds.Get(k);
        return definition.Fields.Take(8).Concat(definition.Fields.Where(f => definition.DateColumns.Contains(f.Column)))
            .Select(f => f.Column).Distinct().ToArray();
    });

    /// <summary>
    /// True when the overlap stays above <paramref name="epsilon"/> whatever shrinking both polygons
    /// by at most <paramref name="shrinkM"/> removes, so the negative buffers need not be computed.
    /// </summary>
    /// <remarks>
    /// Shrinking P and F by at most d removes from P ∩ F only points within d of its boundary (a
    /// point of P ∩ F within d of the boundary of P or of F is within d of the boundary of P ∩ F).
    /// Those points lie in the d-neighbourhood of its rings, and a disc of radius d moved along a
    /// closed curve of length L sweeps at most 2dL + πd² (each unit of length adds at most the
    /// disc's width): at most 2dL + kπd² for k rings of total length L. The buffer actually
    /// computed removes no more, up to its input simplification (1 % of d); the bound is taken
    /// 10 % larger to cover that and the zone's scale error against ellipsoidal areas (≤ 0.06 %).
    /// The inside half of that neighbourhood is what a polygon really loses, so the bound is
    /// about twice the loss.
    /// </remarks>
    private static bool ShrunkOverlapExceeds(Geometry clip, double area, double shrinkM, double epsilon)
    {
        if (shrinkM <= 0)
        {
            return true;
        }

        var lost = 1.1 * ((2 * clip.Length * shrinkM) + (Rings(clip) * Math.PI * shrinkM * shrinkM));
        return area - lost > epsilon;
    }

    /// <summary>The number of rings (shells and holes) of a polygonal geometry.</summary>
    private static int Rings(Geometry g) => g switch
    {
        Polygon p => p.IsEmpty ? 0 : 1 + p.NumInteriorRings,
        GeometryCollection c => Enumerable.Range(0, c.NumGeometries).Sum(i => Rings(c.GetGeometryN(i))),
        _ => 0,
    };

    /// <summary>
    /// The part of the petition inside the union of the features (zone geometry): the union of
    /// their clipped parts, so only what lies inside the petition is overlaid (cached per set).
    /// </summary>
    public Geometry Within(IEnumerable<LayerFeature> features)
    {
        var list = features as IReadOnlyList<LayerFeature> ?? features.ToList();
        if (list.Count == 1)
        {
            return Clip(list[0]);
        }

        return _within.GetOrAdd(SetKey(list), _ => new Lazy<Geometry>(() => Union(list.Select(Clip).ToList(), _options.MaxParallelism))).Value;
    }

    /// <summary>
    /// a ∩ (F₁ ∪ F₂ ∪ …) for a part <paramref name="a"/> of the petition (zone geometry): the same
    /// set as intersecting <paramref name="a"/> with <see cref="Within"/>, without uniting every
    /// feature first (on a planar partition such as the land-use survey that union dissolves every
    /// shared edge, most of them far from <paramref name="a"/>). Each polygon of <paramref name="a"/>
    /// is taken whole when one feature covers it, else intersected with the features that meet it
    /// and its pieces united; the polygons of a valid multipolygon have disjoint interiors, so their
    /// results need no union with each other. Pieces cut by the features of a planar partition are
    /// united by <see cref="PieceUnion"/> (a coverage union, proved exact), others by OverlayNG.
    /// </summary>
    public Geometry Cover(Geometry a, IEnumerable<LayerFeature> features)
    {
        if (a.IsEmpty)
        {
            return Empty;
        }

        // Each polygon finds its features through the set's index (built on first use, then only
        // read). Features given otherwise than as a set are first narrowed to those near a.
        var envelope = CachedEnvelope.Of(a);
        var set = features as FeatureSet ?? new FeatureSet(features.Where(f => Clip(f) is { IsEmpty: false } clip && envelope.Intersects(CachedEnvelope.Of(clip))));
        var parts = Polygons(a).ToList();
        var results = new Geometry[parts.Count];
        ForEach(parts.Count, i => results[i] = CoverPart(parts[i], set), minimumPerThread: 6);
        return Assemble(results.Where(r => !r.IsEmpty).ToList());
    }

    /// <summary>
    /// The features of <paramref name="set"/> whose clipped parts are not empty and whose envelopes
    /// meet <paramref name="envelope"/>, in the set's order: found by an STR-tree built once per set
    /// of more than a few features (a set is fixed, so it is known by reference), else by a scan.
    /// </summary>
    private List<LayerFeature> Near(Envelope envelope, FeatureSet set)
    {
        var candidates = new List<LayerFeature>();
        if (set.Count > 32)
        {
            var index = _setIndexes.GetOrAdd(set, s => new Lazy<STRtree<int>>(() =>
            {
                var tree = new STRtree<int>();
                for (var i = 0; i < s.Count; i++)
                {
                    if (Clip(s[i]) is { IsEmpty: false } clip)
                    {
                        tree.Insert(clip.EnvelopeInternal, i);
                    }
                }

                tree.Build();
                return tree;
            })).Value;
            var found = index.Query(envelope);
            var indexes = new int[found.Count];
            found.CopyTo(indexes, 0);
            Array.Sort(indexes);
            foreach (var i in indexes)
            {
                candidates.Add(set[i]);
            }

            return candidates;
        }

        foreach (var f in set)
        {
            var clip = Clip(f);
            if (!clip.IsEmpty && envelope.Intersects(CachedEnvelope.Of(clip)))
            {
                candidates.Add(f);
            }
        }

        return candidates;
    }

    /// <summary>One polygon of <see cref="Cover"/>: itself when one feature covers it, else the union of its pieces.</summary>
    private Geometry CoverPart(Polygon part, FeatureSet features)
    {
        var pieces = new List<Geometry>();
        // In the order of the set, so that unions see their inputs in one order.
        foreach (var f in Near(CachedEnvelope.Of(part), features))
        {
            var piece = Piece(part, f);
            if (ReferenceEquals(piece, part))
            {
                return part;
            }

            if (!piece.IsEmpty)
            {
                pieces.Add(piece);
            }
        }

        return pieces.Count == 0 ? Empty : PieceUnion.TryUnion(pieces) ?? Union(pieces);
    }

    /// <summary>
    /// part ∩ (the feature's clipped part), cached per polygon and feature: the polygon itself when
    /// the feature covers it, empty when they do not meet, the clipped feature when the polygon
    /// covers it. The parts of the change recur in several rules (the change, its unapproved part),
    /// so each pair is overlaid once.
    /// </summary>
    private Geometry Piece(Polygon part, LayerFeature feature)
    {
        var byFeature = _pieces.GetOrAdd(part, static _ => new(ReferenceEqualityComparer.Instance));
        var key = feature;
        Geometry? piece;
        lock (byFeature)
        {
            if (byFeature.TryGetValue(key, out piece))
            {
                return piece;
            }
        }

        var clip = Clip(feature);
        var bare = WithoutHolesApartFrom(clip, part);
        if (!CachedEnvelope.Of(part).Intersects(CachedEnvelope.Of(clip)))
        {
            piece = Empty;
        }
        else if (part.NumInteriorRings == 0 && HasNoHoles(bare) && PolygonClip.TryIntersection(part, bare) is { } fast)
        {
            // Boundaries apart, crossing or meeting: the cut decides all four cases at once, through
            // the part's edge index, and gives the part or the clip themselves when one holds the other.
            // A clip of several polygons is cut polygon by polygon; its holes apart from the part's
            // envelope do not change the piece (see WithoutHolesApartFrom).
            piece = fast.IsEmpty ? Empty : fast;
        }
        else if (IntersectionWithHoles(part, bare) is { } holed)
        {
            // Holes near the other side: the shells cut as above, the holes then subtracted.
            piece = holed.IsEmpty ? Empty : holed;
        }
        else
        {
            var prepared = PreparedClip(feature);
            piece = prepared.Covers(part) ? part
                : !prepared.Intersects(part) ? Empty
                : PreparedPart(part).Covers(clip) ? clip
                : Intersection(part, clip);
        }

        lock (byFeature)
        {
            // Another thread may have cut the same pair meanwhile: every caller gets the first.
            return byFeature.TryAdd(key, piece) ? piece : byFeature[key];
        }
    }

    /// <summary>True for a polygon or multipolygon none of whose polygons has a hole.</summary>
    private static bool HasNoHoles(Geometry g)
    {
        if (g is Polygon p)
        {
            return p.NumInteriorRings == 0;
        }

        if (g is not MultiPolygon)
        {
            return false;
        }

        for (var i = 0; i < g.NumGeometries; i++)
        {
            if (((Polygon)g.GetGeometryN(i)).NumInteriorRings > 0)
            {
                return false;
            }
        }

        return true;
    }

    private IPreparedGeometry PreparedPart(Polygon part)
    {
        return _preparedParts.GetOrAdd(part, static p => PreparedGeometryFactory.Prepare(p));
    }

    private IPreparedGeometry PreparedClip(LayerFeature feature)
    {
        var state = State(feature);
        if (Volatile.Read(ref state.PreparedClip) is { } prepared)
        {
            return prepared;
        }

        lock (state)
        {
            state.PreparedClip ??= PreparedGeometryFactory.Prepare(Clip(feature));
            return state.PreparedClip;
        }
    }

    /// <summary>The polygons of a polygonal geometry.</summary>
    private static IEnumerable<Polygon> Polygons(Geometry g)
    {
        if (g is Polygon p)
        {
            yield return p;
            yield break;
        }

        for (var i = 0; i < g.NumGeometries; i++)
        {
            foreach (var q in Polygons(g.GetGeometryN(i)))
            {
                yield return q;
            }
        }
    }

    /// <summary>One geometry of polygonal results whose interiors are known to be disjoint (no overlay).</summary>
    private static Geometry Assemble(List<Geometry> results)
    {
        if (results.Count <= 1)
        {
            return results.Count == 0 ? Empty : results[0];
        }

        var polygons = results.SelectMany(Polygons).ToArray();
        return polygons.Length == 1 ? polygons[0] : polygons[0].Factory.CreateMultiPolygon(polygons);
    }

    /// <summary>The union of the features' whole zone geometries (cached per set).</summary>
    public Geometry UnionOf(IEnumerable<LayerFeature> features)
    {
        var list = features as IReadOnlyList<LayerFeature> ?? features.ToList();
        if (list.Count == 1)
        {
            return Project(list[0]);
        }

        return _unions.GetOrAdd(SetKey(list), _ => new Lazy<Geometry>(() => Union(list.Select(Project).ToList(), _options.MaxParallelism))).Value;
    }

    private static string SetKey(IReadOnlyList<LayerFeature> features)
    {
        var key = new System.Text.StringBuilder(features.Count * 12);
        foreach (var f in features)
        {
            key.Append(f.LayerId).Append(':').Append(f.Fid).Append(';');
        }

        return key.ToString();
    }

    /// <summary>
    /// Union of polygons by OverlayNG with its robust fallbacks (floating noding, then snapping,
    /// then snap-rounding): the legacy overlay throws <c>TopologyException</c> ("found non-noded
    /// intersection") on the nearly coincident edges of real survey data. The global
    /// <c>NtsGeometryServices</c> default stays legacy: geometries from factories with different
    /// overlay settings must not be mixed, so the engine calls OverlayNG explicitly, here.
    /// </summary>
    /// <remarks>
    /// Inputs (several: the polygons of their multipolygons) are first grouped by overlapping
    /// envelopes: only geometries of one group can share area or edges, so each group is united
    /// on its own (a lone geometry as it is) and the groups, whose envelopes are disjoint, are
    /// assembled without a further overlay.
    /// </remarks>
    public static Geometry Union(IEnumerable<Geometry> geometries) => Union(geometries, 1);

    /// <summary><see cref="Union(IEnumerable{Geometry})"/>, its separate groups united on up to <paramref name="parallelism"/> threads.</summary>
    public static Geometry Union(IEnumerable<Geometry> geometries, int parallelism)
    {
        var list = geometries.Where(g => !g.IsEmpty).ToList();
        if (list.Count > 1 && list.Any(g => g is MultiPolygon) && list.All(g => g is Polygon or MultiPolygon))
        {
            // Grouped polygon by polygon: two multipolygons spread over the petition (the lawful
            // parts of a change) share area only where some of their polygons do.
            list = list.SelectMany(Polygons).Cast<Geometry>().ToList();
        }

        if (list.Count <= 2)
        {
            return list.Count switch
            {
                0 => Empty,
                1 => list[0],
                _ => CachedEnvelope.Of(list[0]).Intersects(CachedEnvelope.Of(list[1])) ? UnionGroup(list) : Assemble(list),
            };
        }

        var groups = EnvelopeGroups(list);
        if (groups.Count == 1)
        {
            return UnionGroup(list);
        }

        var united = new Geometry[groups.Count];
        if (parallelism > 1 && groups.Count(g => g.Count > 1) > 1)
        {
            Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => united[i] = groups[i].Count == 1 ? groups[i][0] : UnionGroup(groups[i]));
        }
        else
        {
            for (var i = 0; i < groups.Count; i++)
            {
                united[i] = groups[i].Count == 1 ? groups[i][0] : UnionGroup(groups[i]);
            }
        }

        return Assemble(united.ToList());
    }

    /// <summary>
    /// One group's union: by <see cref="PolygonClip.TryUnion"/> when the group is polygons without
    /// holes (overlapping change spots), else, or when it declines, by OverlayNG.
    /// </summary>
    private static Geometry UnionGroup(List<Geometry> group) =>
        group.TrueForAll(g => g is Polygon { NumInteriorRings: 0 }) && PolygonClip.TryUnion(group.ConvertAll(g => (Polygon)g)) is { } fast
            ? fast
            : UnionNG(group);

    private static Geometry UnionNG(List<Geometry> list) => Polygonal(OverlayNGRobust.Union(list[0].Factory.BuildGeometry(list)));

    /// <summary>The geometries grouped into sets connected by intersecting envelopes (union–find over an STR-tree).</summary>
    private static List<List<Geometry>> EnvelopeGroups(List<Geometry> list)
    {
        var parent = Enumerable.Range(0, list.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        var tree = new STRtree<int>();
        for (var i = 0; i < list.Count; i++)
        {
            tree.Insert(list[i].EnvelopeInternal, i);
        }

        for (var i = 0; i < list.Count; i++)
        {
            foreach (var j in tree.Query(CachedEnvelope.Of(list[i])))
            {
                var (ri, rj) = (Find(i), Find(j));
                if (ri != rj)
                {
                    parent[Math.Max(ri, rj)] = Math.Min(ri, rj);
                }
            }
        }

        return Enumerable.Range(0, list.Count).GroupBy(Find).Select(g => g.Select(i => list[i]).ToList()).ToList();
    }

    /// <summary>
    /// The areal part of a ∩ b by OverlayNG (robust, see <see cref="Union(IEnumerable{Geometry})"/>);
    /// empty when the envelopes are disjoint. Where the polygons only touch, OverlayNG also returns
    /// the shared lines and points: they have no area and are dropped, so that every result can be
    /// overlaid again (OverlayNG refuses mixed-dimension input).
    /// </summary>
    /// <remarks>
    /// When either side is a polygon without holes and the other has no holes either (petitions,
    /// most features and their clipped parts), <see cref="PolygonClip"/> cuts them along each other
    /// when their crossings are unambiguous; else OverlayNG does the work. Holes whose envelopes are
    /// apart from the other side are ignored for that choice and that cut (<see cref="WithoutHolesApartFrom"/>):
    /// a farmland polygon with a village hole far from the petition takes the fast path.
    /// </remarks>
    public static Geometry Intersection(Geometry a, Geometry b)
    {
        if (a.IsEmpty || b.IsEmpty || !CachedEnvelope.Of(a).Intersects(CachedEnvelope.Of(b)))
        {
            return Empty;
        }

        if ((a is MultiPolygon && a.NumGeometries > 4) || (b is MultiPolygon && b.NumGeometries > 4))
        {
            return IntersectionByParts(a, b);
        }

        // Holes apart from the other side do not change the intersection: the fast path may ignore them.
        var a2 = WithoutHolesApartFrom(a, b);
        var b2 = WithoutHolesApartFrom(b, a);
        var fast = a2 is Polygon pa && pa.NumInteriorRings == 0 ? PolygonClip.TryIntersection(pa, b2)
            : b2 is Polygon pb && pb.NumInteriorRings == 0 ? PolygonClip.TryIntersection(pb, a2)
            : null;
        return fast ?? IntersectionWithHoles(a2, b2) ?? IntersectionNG(a, b);
    }

    /// <summary>
    /// a ∩ b where holes are near the other side: (shell of a ∩ shells of b) − the holes of both, by
    /// <see cref="PolygonClip"/>'s intersection and then its difference, hole by hole; null when
    /// either declines, or when a is not a polygon or b has no hole-free shells to cut.
    /// </summary>
    public static Geometry? IntersectionWithHoles(Geometry a, Geometry b)
    {
        if (a is not Polygon pa || b is not (Polygon or MultiPolygon) || (pa.NumInteriorRings == 0 && HasNoHoles(b)))
        {
            return null;
        }

        var holes = new List<Polygon>();
        Polygon Shell(Polygon p)
        {
            for (var i = 0; i < p.NumInteriorRings; i++)
            {
                holes.Add(p.Factory.CreatePolygon((LinearRing)p.GetInteriorRingN(i)));
            }

            return p.NumInteriorRings == 0 ? p : p.Factory.CreatePolygon(p.Shell);
        }

        var shellA = Shell(pa);
        Geometry shellsB = b is Polygon pb ? Shell(pb)
            : b.Factory.CreateMultiPolygon(Enumerable.Range(0, b.NumGeometries).Select(i => Shell((Polygon)b.GetGeometryN(i))).ToArray());
        if (PolygonClip.TryIntersection(shellA, shellsB) is not { } cut)
        {
            return null;
        }

        var results = new List<Geometry>();
        foreach (var c in Polygons(cut))
        {
            var envelope = CachedEnvelope.Of(c);
            var near = holes.Where(h => envelope.Intersects(CachedEnvelope.Of(h))).ToArray();
            var rest = near.Length == 0 ? c : PolygonClip.TryDifference(c, near.Length == 1 ? near[0] : c.Factory.CreateMultiPolygon(near));
            if (rest is null)
            {
                return null;
            }

            results.AddRange(Polygons(rest));
        }

        return Assemble(results);
    }

    /// <summary>
    /// <paramref name="g"/> without the holes whose envelopes are disjoint (not even touching) from
    /// the envelope of every polygon of <paramref name="other"/>; <paramref name="g"/> itself when it
    /// keeps every hole. Such a hole and <paramref name="other"/> lie in disjoint closed boxes, so
    /// they do not meet, and g ∩ other = (g with the hole filled) ∩ other exactly. Both sides can be
    /// stripped at once: filling holes does not change a polygon's envelope.
    /// </summary>
    public static Geometry WithoutHolesApartFrom(Geometry g, Geometry other)
    {
        switch (g)
        {
            case Polygon p:
                return p.NumInteriorRings == 0 ? p : WithoutHolesApart(p, other);
            case MultiPolygon mp:
                Polygon[]? parts = null;
                for (var i = 0; i < mp.NumGeometries; i++)
                {
                    var part = (Polygon)mp.GetGeometryN(i);
                    var stripped = part.NumInteriorRings == 0 ? part : WithoutHolesApart(part, other);
                    if (!ReferenceEquals(stripped, part))
                    {
                        parts ??= Enumerable.Range(0, mp.NumGeometries).Select(k => (Polygon)mp.GetGeometryN(k)).ToArray();
                        parts[i] = stripped;
                    }
                }

                return parts is null ? mp : mp.Factory.CreateMultiPolygon(parts);
            default:
                return g;
        }
    }

    private static Polygon WithoutHolesApart(Polygon p, Geometry other)
    {
        List<LinearRing>? kept = null;
        for (var i = 0; i < p.NumInteriorRings; i++)
        {
            var hole = (LinearRing)p.GetInteriorRingN(i);
            if (MeetsEnvelopeOfAPolygon(CachedEnvelope.Of(hole), other))
            {
                kept?.Add(hole);
            }
            else if (kept is null)
            {
                kept = [];
                for (var k = 0; k < i; k++)
                {
                    kept.Add((LinearRing)p.GetInteriorRingN(k));
                }
            }
        }

        return kept is null ? p : p.Factory.CreatePolygon(p.Shell, kept.ToArray());
    }

    /// <summary>True when <paramref name="envelope"/> intersects or touches the envelope of a polygon of <paramref name="other"/> (any other geometry: its whole envelope).</summary>
    private static bool MeetsEnvelopeOfAPolygon(Envelope envelope, Geometry other)
    {
        if (other is not MultiPolygon mp)
        {
            return envelope.Intersects(CachedEnvelope.Of(other));
        }

        for (var i = 0; i < mp.NumGeometries; i++)
        {
            if (envelope.Intersects(CachedEnvelope.Of(mp.GetGeometryN(i))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// a ∩ b polygon by polygon, each polygon of a with only the polygons of b whose envelopes meet
    /// it (an STR-tree), so that the many far parts of a large change are not overlaid and one part
    /// with a hole does not keep the others off the fast path. The polygons of a valid
    /// multipolygon have disjoint interiors and touch at points only, so the pairwise results do too
    /// and are assembled without a union.
    /// </summary>
    private static Geometry IntersectionByParts(Geometry a, Geometry b)
    {
        var tree = new STRtree<Polygon>();
        foreach (var q in Polygons(b))
        {
            tree.Insert(q.EnvelopeInternal, q);
        }

        var results = new List<Geometry>();
        foreach (var p in Polygons(a))
        {
            foreach (var q in tree.Query(CachedEnvelope.Of(p)))
            {
                var piece = Intersection(p, q);
                if (!piece.IsEmpty)
                {
                    results.Add(piece);
                }
            }
        }

        return Assemble(results);
    }

    /// <summary>a ∩ b by OverlayNG alone (robust), its areal part.</summary>
    public static Geometry IntersectionNG(Geometry a, Geometry b) =>
        a.IsEmpty || b.IsEmpty || !CachedEnvelope.Of(a).Intersects(CachedEnvelope.Of(b)) ? Empty
        : Polygonal(OverlayNGRobust.Overlay(a, b, SpatialFunction.Intersection));

    private static Geometry Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon)
        {
            return g;
        }

        var polygons = NetTopologySuite.Geometries.Utilities.PolygonExtracter.GetPolygons(g).Cast<Polygon>().ToArray();
        return polygons.Length switch
        {
            0 => Empty,
            1 => polygons[0],
            _ => g.Factory.CreateMultiPolygon(polygons),
        };
    }

    /// <summary>
    /// a − b by OverlayNG (robust, see <see cref="Union(IEnumerable{Geometry})"/>); a itself when the
    /// envelopes are disjoint. A multipolygon is done polygon by polygon, each against only the
    /// polygons of b near it, so the many untouched parts of a change pass through without overlay;
    /// the parts that need one on up to <paramref name="parallelism"/> threads.
    /// </summary>
    public static Geometry Difference(Geometry a, Geometry b, int parallelism = 1)
    {
        if (a.IsEmpty)
        {
            return Empty;
        }

        if (b.IsEmpty || !CachedEnvelope.Of(a).Intersects(CachedEnvelope.Of(b)))
        {
            return a;
        }

        if (a is not MultiPolygon || a.NumGeometries <= 4)
        {
            return DifferenceOf(a, b);
        }

        var tree = new STRtree<Polygon>();
        foreach (var q in Polygons(b))
        {
            tree.Insert(q.EnvelopeInternal, q);
        }

        tree.Build();
        var parts = Polygons(a).ToList();
        var results = new Geometry[parts.Count];
        var overlaid = new List<(int Index, IList<Polygon> Near)>();
        for (var i = 0; i < parts.Count; i++)
        {
            var near = tree.Query(CachedEnvelope.Of(parts[i]));
            if (near.Count == 0)
            {
                results[i] = parts[i];
            }
            else if (near.Any(q => ReferenceEquals(q, parts[i])))
            {
                // b holds this very polygon (a Cover of a keeps the polygons one feature covers): nothing is left.
                results[i] = Empty;
            }
            else
            {
                overlaid.Add((i, near));
            }
        }

        void Subtract(int k)
        {
            var (i, near) = overlaid[k];
            results[i] = DifferenceOf(parts[i], near.Count == 1 ? near[0] : b.Factory.CreateMultiPolygon(near.ToArray()));
        }

        if (parallelism > 1 && overlaid.Count > 1)
        {
            Parallel.For(0, overlaid.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, Subtract);
        }
        else
        {
            for (var k = 0; k < overlaid.Count; k++)
            {
                Subtract(k);
            }
        }

        return Assemble(results.Where(r => !r.IsEmpty).ToList());
    }

    /// <summary>
    /// a − b by <see cref="PolygonClip.TryDifference"/> where a is a polygon without holes and b has
    /// none near it (holes apart from a do not change the difference, as for the intersection), each
    /// polygon of a small multipolygon on its own (their results have disjoint interiors); else by
    /// OverlayNG.
    /// </summary>
    private static Geometry DifferenceOf(Geometry a, Geometry b)
    {
        var bare = WithoutHolesApartFrom(b, a);
        switch (a)
        {
            case Polygon { NumInteriorRings: 0 } p when PolygonClip.TryDifference(p, bare) is { } fast:
                return fast;
            case MultiPolygon mp when mp.NumGeometries <= 4:
                var results = new List<Geometry>(mp.NumGeometries);
                for (var i = 0; i < mp.NumGeometries; i++)
                {
                    var part = (Polygon)mp.GetGeometryN(i);
                    var rest = !CachedEnvelope.Of(part).Intersects(CachedEnvelope.Of(b)) ? part
                        : part.NumInteriorRings == 0 ? PolygonClip.TryDifference(part, bare) : null;
                    if (rest is null)
                    {
                        return DifferenceNG(a, b);
                    }

                    if (!rest.IsEmpty)
                    {
                        results.Add(rest);
                    }
                }

                return Assemble(results);
            default:
                return DifferenceNG(a, b);
        }
    }

    /// <summary>a − b by OverlayNG alone (robust), its areal part.</summary>
    public static Geometry DifferenceNG(Geometry a, Geometry b) => Polygonal(OverlayNGRobust.Overlay(a, b, SpatialFunction.Difference));

    /// <summary>Area of <paramref name="a"/> outside <paramref name="b"/>, ellipsoidal m².</summary>
    public double AreaOutside(Geometry a, Geometry b) => Area(Difference(a, b, _options.MaxParallelism));

    /// <summary>Ellipsoidal area (m²) of a ∩ b, both zone geometries; 0 without computing when their envelopes are disjoint.</summary>
    public double IntersectionArea(Geometry a, Geometry b) => Area(Intersection(a, b));

    /// <summary>True when a zone geometry's area exceeds the AREA_EPS floor (0.01 亩).</summary>
    public bool IsSignificant(Geometry zoneGeometry) => Area(zoneGeometry) > AreaEpsilonM2;

    /// <summary>True when a ∩ b exceeds the AREA_EPS floor (0.01 亩); false at once when their envelopes are disjoint.</summary>
    public bool OverlapIsSignificant(Geometry a, Geometry b) => IsSignificant(Intersection(a, b));
}
