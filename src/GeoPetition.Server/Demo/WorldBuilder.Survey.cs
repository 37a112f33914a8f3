using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GeoPetition.Server.Demo;

/// <summary>
/// The 2023 annual change survey (年度国土变更调查): the 2019 polygons with every change that
/// happened by scene B (and was not undone by then) cut out and inserted as new polygons of the
/// new class; and the attributes of the change spots that depend on the overlays (原地类, SFYN,
/// SFHX, area).
/// </summary>
internal sealed partial class WorldBuilder
{
    private STRtree<LandPolygon> _index2023 = null!;

    private void BuildSurvey2023()
    {
        var changes = _world.Changes.Where(c => c.InSurvey2023).OrderBy(c => c.Date).ToList();
        var changeIndex = new STRtree<int>();
        for (var i = 0; i < changes.Count; i++)
        {
            changeIndex.Insert(changes[i].Geometry.EnvelopeInternal, i);
        }

        changeIndex.Build();

        // A later change overrides an earlier one where they overlap.
        var effective = new Geometry[changes.Count];
        Parallel.For(0, changes.Count, i =>
        {
            var later = changeIndex.Query(changes[i].Geometry.EnvelopeInternal).Where(j => j > i && changes[j].Geometry.Intersects(changes[i].Geometry)).ToList();
            effective[i] = later.Count == 0 ? changes[i].Geometry : Geo.Difference(changes[i].Geometry, Geo.Union(later.Select(j => changes[j].Geometry)));
        });

        var remainders = new List<Polygon>?[_world.LandUse2019.Count];
        Parallel.For(0, _world.LandUse2019.Count, k =>
        {
            var lp = _world.LandUse2019[k];
            var hits = changeIndex.Query(lp.Geometry.EnvelopeInternal).Where(j => changes[j].Geometry.Intersects(lp.Geometry)).ToList();
            if (hits.Count == 0)
            {
                return;
            }

            var rest = Geo.Difference(lp.Geometry, Geo.Union(hits.Select(j => changes[j].Geometry)));
            remainders[k] = Geo.Polygons(rest, 0.01);
        });

        for (var k = 0; k < _world.LandUse2019.Count; k++)
        {
            var lp = _world.LandUse2019[k];
            foreach (var part in remainders[k] ?? [lp.Geometry])
            {
                _world.LandUse2023.Add(new LandPolygon
                {
                    Geometry = part,
                    Dlbm = lp.Dlbm,
                    Village = lp.Village,
                    Group = lp.Group,
                    State = lp.State,
                    Czcsxm = lp.Czcsxm,
                    Angle = lp.Angle,
                    Cell = lp.Cell,
                    IsLinear = lp.IsLinear,
                    Farmland = lp.Farmland,
                    RedLine = lp.RedLine,
                });
            }
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            foreach (var part in Geo.Polygons(effective[i], 0.01))
            {
                var under = _index2019.Query(part.EnvelopeInternal).Where(l => l.Geometry.Intersects(part.InteriorPoint)).FirstOrDefault()
                    ?? _index2019.Query(part.EnvelopeInternal).First();
                _world.LandUse2023.Add(new LandPolygon
                {
                    Geometry = part,
                    Dlbm = change.NewDlbm,
                    Village = under.Village,
                    Group = under.Group,
                    State = change.ToState || under.State,
                    Czcsxm = change.Czcsxm ?? (LandUseClasses.Get(change.NewDlbm).IsConstruction ? under.Czcsxm : null),
                    Angle = change.Angle,
                    Cell = under.Cell,
                });
            }
        }

        NumberLandUse(_world.LandUse2023, 2023);
        _index2023 = new STRtree<LandPolygon>();
        foreach (var lp in _world.LandUse2023)
        {
            _index2023.Insert(lp.Geometry.EnvelopeInternal, lp);
        }

        _index2023.Build();
        FinishSpots();
    }

    /// <summary>原地类 (majority class before the change), SFYN/SFHX from the overlays, ellipsoidal area.</summary>
    private void FinishSpots()
    {
        var farmland = new STRtree<Geometry>();
        foreach (var f in _world.Farmland)
        {
            farmland.Insert(f.Geometry.EnvelopeInternal, f.Geometry);
        }

        farmland.Build();
        Parallel.ForEach(_world.Spots, spot =>
        {
            var index = spot.Hsx <= DemoFrame.SceneB ? _index2019 : _index2023;
            var areas = new Dictionary<string, double>();
            foreach (var lp in index.Query(spot.Geometry.EnvelopeInternal))
            {
                if (lp.Geometry.Intersects(spot.Geometry))
                {
                    areas[lp.Dlbm] = areas.GetValueOrDefault(lp.Dlbm) + Geo.Intersection(lp.Geometry, spot.Geometry).Area;
                }
            }

            spot.Dlbm = areas.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal).First().Key;
            spot.Sfyn = farmland.Query(spot.Geometry.EnvelopeInternal).Any(f => f.Intersects(spot.Geometry) && Geo.Intersection(f, spot.Geometry).Area > 1.0);
            spot.Sfhx = _world.RedLines.Any(r => r.Geometry.EnvelopeInternal.Intersects(spot.Geometry.EnvelopeInternal) && r.Geometry.Intersects(spot.Geometry) && Geo.Intersection(r.Geometry, spot.Geometry).Area > 1.0);
            spot.Mj = Math.Round(DemoAreas.Ellipsoidal(spot.Geometry), 2);
        });
    }
}
