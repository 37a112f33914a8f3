using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace GeoPetition.Server.Demo;

/// <summary>
/// The cadastre (不动产登记): one 集体土地所有权 parcel per village (JA), homestead parcels in the
/// settlements (JC), state construction-land parcels in the towns (GB), parcels of the new legal
/// sites, and the registration scenarios: a true overlap (D1), a duplicate unit number (D2), a
/// historical and a current version of one unit, neighbours for boundary claims (D3) and a
/// recorded area that disagrees with the geometry (D4).
/// </summary>
internal sealed partial class WorldBuilder
{
    private readonly Dictionary<string, (RegisteredParcel A, RegisteredParcel? B)> _scenarioParcels = [];
    private readonly Dictionary<string, int> _parcelSerials = [];
    private readonly List<(RegisteredParcel A, RegisteredParcel B, Coordinate[] SharedEdge)> _homesteadPairs = [];

    private string Zddm(Village village, string feature)
    {
        var key = village.Code + feature[0];
        var serial = NextSerial(_parcelSerials, key, 1);
        return village.Township.County.Code + village.Township.CadastralDistrict + village.Code[9..] + feature + serial.ToString("D5", Inv);
    }

    private string Certificate(County county, DateOnly date) =>
        $"川（{date.Year}）{county.Name}不动产权第{NextSerial(_docSerials, county.Code + "证" + date.Year, _rng.Int(1, 900)):D7}号";

    private void BuildCadastre()
    {
        BuildOwnershipParcels();
        BuildTownParcels();
        BuildHomesteadParcels();
        BuildNewSiteParcels();
        BuildRegistrationScenarios();
        var serials = new Dictionary<string, int>();
        foreach (var p in _world.Parcels)
        {
            var county = p.Zddm[..6];
            p.Bsm = county + "ZD" + NextSerial(serials, county, 1).ToString("D7", Inv);
        }
    }

    private void BuildOwnershipParcels()
    {
        foreach (var village in _world.Villages.Where(v => !v.IsCommunity))
        {
            // The village's cells minus the state land in them (rivers, national and county roads).
            var state = village.Cells.SelectMany(c => c.Linear.Concat(c.Fields)).Where(l => l.State && l.Village == village).Distinct().Select(l => (Geometry)l.Geometry).ToList();
            var cells = CellUnion(village.Cells);
            var geometry = state.Count == 0 ? cells : Geo.Difference(cells, Geo.Union(state));
            if (geometry.IsEmpty)
            {
                continue;
            }

            var county = village.Township.County;
            var djsj = _rng.Date(new DateOnly(2016, 3, 1), new DateOnly(2017, 12, 31));
            var zddm = Zddm(village, "JA");
            _world.Parcels.Add(new RegisteredParcel
            {
                Zddm = zddm,
                Bdcdyh = zddm + "W00000000",
                Qllx = "1",
                Qlxz = "200",
                Qlr = village.Name + "农民集体",
                Zl = county.Name + village.Township.Name + village.Name,
                Yt = "集体土地",
                Geometry = Geo.Polygonal(geometry),
                Zdmj = Math.Round(geometry.Area, 2),
                Bdcqzh = Certificate(county, djsj),
                Djsj = djsj,
                Jzdjd = 3,
            });
        }
    }

    /// <summary>
    /// Lots on an oriented grid inside a polygon (1 m from its edge); lots of a row share their
    /// side edges exactly, rows are separated by <paramref name="lane"/> metres.
    /// </summary>
    private List<(Polygon Lot, int Row, int Col)> Lots(LandPolygon polygon, double width, double depth, double lane, double keep)
    {
        var result = new List<(Polygon, int, int)>();
        var inner = polygon.Geometry.Buffer(-1);
        if (inner.IsEmpty)
        {
            return result;
        }

        var prepared = PreparedGeometryFactory.Prepare(inner);
        var origin = polygon.Geometry.Centroid.Coordinate;
        var (c, s) = (Math.Cos(polygon.Angle), Math.Sin(polygon.Angle));
        double MinMax(Func<Coordinate, double> f, bool max) => max ? polygon.Geometry.Coordinates.Max(f) : polygon.Geometry.Coordinates.Min(f);
        double A(Coordinate p) => (p.X - origin.X) * c + (p.Y - origin.Y) * s;
        double B(Coordinate p) => -(p.X - origin.X) * s + (p.Y - origin.Y) * c;
        var (a0, a1, b0, b1) = (MinMax(A, false), MinMax(A, true), MinMax(B, false), MinMax(B, true));
        Coordinate Back(double a, double b) => new(Math.Round(origin.X + a * c - b * s, 3), Math.Round(origin.Y + a * s + b * c, 3));
        var row = 0;
        for (var b = b0; b + depth <= b1; b += depth + lane, row++)
        {
            var col = 0;
            for (var a = a0; a + width <= a1; a += width, col++)
            {
                var keepIt = _rng.Chance(keep);
                var lot = Geo.PolygonGk([Back(a, b), Back(a + width, b), Back(a + width, b + depth), Back(a, b + depth)]);
                if (keepIt && prepared.Contains(lot))
                {
                    result.Add((lot, row, col));
                }
            }
        }

        return result;
    }

    private static string UseName(string dlbm) => dlbm switch
    {
        "0701" => "城镇住宅用地",
        "05H1" => "商业服务业设施用地",
        "0601" => "工业用地",
        "0508" => "物流仓储用地",
        "08H1" => "机关团体用地",
        "08H2" => "科教文卫用地",
        "0810" => "公园与绿地",
        _ => LandUseClasses.Name(dlbm),
    };

    private void BuildTownParcels()
    {
        var historicalSupplies = _world.Supplies.Where(s => s.Gdrq.Year < 2020).ToList();
        var streetNumbers = new Dictionary<Township, int>();
        foreach (var block in _world.LandUse2019.Where(l => l.Cell is not null && IsBuiltTown(l.Cell) && !l.IsLinear && l.Class.IsConstruction))
        {
            var whole = block.Dlbm is "08H1" or "08H2" or "0810";
            var lots = whole
                ? [(block.Geometry, 0, 0)]
                : block.Dlbm switch
                {
                    "0701" => Lots(block, 45, 55, 10, 0.9),
                    "05H1" => Lots(block, 28, 35, 8, 0.85),
                    _ => Lots(block, 90, 110, 12, 0.9),
                };
            var county = block.Village.Township.County;
            var township = block.Village.Township;
            var street = Names.Streets[(block.Cell!.I * 7 + block.Cell.J * 3) % Names.Streets.Length];
            foreach (var (lot, _, _) in lots)
            {
                var centre = lot.InteriorPoint;
                var supply = historicalSupplies.FirstOrDefault(s => s.Geometry.EnvelopeInternal.Contains(centre.Coordinate) && s.Geometry.Contains(centre));
                var djsj = supply is not null
                    ? supply.Gdrq.AddDays(_rng.Int(200, 700))
                    : _rng.Date(new DateOnly(2016, 6, 1), new DateOnly(2020, 12, 31));
                var transfer = !whole;
                var years = block.Dlbm switch { "0701" => 70, "05H1" => 40, _ => 50 };
                var start = supply?.Gdrq ?? djsj.AddDays(-_rng.Int(200, 1_000));
                var zddm = Zddm(block.Village, "GB");
                streetNumbers[township] = streetNumbers.GetValueOrDefault(township) + _rng.Int(1, 4) * 2;
                _world.Parcels.Add(new RegisteredParcel
                {
                    Zddm = zddm,
                    Bdcdyh = zddm + (block.Dlbm == "0810" ? "W00000000" : "F00010001"),
                    Qllx = block.Dlbm == "0810" ? "3" : "4",
                    Qlxz = transfer ? "102" : "101",
                    Qlr = block.Dlbm switch
                    {
                        "0701" => Names.Person(_rng),
                        "08H1" => county.Name + "人民政府",
                        "08H2" => county.Name + _rng.Pick(["教育局", "卫生健康局", "文化广播电视和旅游局"]),
                        "0810" => county.Name + "住房和城乡建设局",
                        _ => Names.Company(_rng, county),
                    },
                    Zl = $"{county.Name}{township.Name}{street}{streetNumbers[township]}号",
                    Yt = UseName(block.Dlbm),
                    Geometry = lot,
                    Zdmj = Math.Round(lot.Area, 2),
                    TermStart = transfer ? start : null,
                    TermEnd = transfer ? start.AddYears(years).AddDays(-1) : null,
                    Bdcqzh = Certificate(county, djsj),
                    Djsj = djsj,
                    Jzdjd = _rng.Chance(0.6) ? 1 : 2,
                });
            }
        }
    }

    private void BuildHomesteadParcels()
    {
        var houseNumbers = new Dictionary<(Village, int), int>();
        foreach (var block in _world.LandUse2019.Where(l => l.Dlbm == "0702" && !l.IsLinear))
        {
            var width = _rng.Range(14, 17);
            var depth = _rng.Range(16, 20);
            var grade = _rng.Chance(0.5) ? 2 : 3;
            var lots = Lots(block, width, depth, 6, 0.3);
            var county = block.Village.Township.County;
            var previous = new Dictionary<(int Row, int Col), RegisteredParcel>();
            foreach (var (lot, row, col) in lots)
            {
                var key = (block.Village, block.Group);
                houseNumbers[key] = houseNumbers.GetValueOrDefault(key) + 1;
                var djsj = _rng.Date(new DateOnly(2018, 3, 1), new DateOnly(2021, 12, 31));
                var zddm = Zddm(block.Village, "JC");
                var parcel = new RegisteredParcel
                {
                    Zddm = zddm,
                    Bdcdyh = zddm + "F00010001",
                    Qllx = "6",
                    Qlxz = "203",
                    Qlr = Names.Person(_rng),
                    Zl = $"{county.Name}{block.Village.Township.Name}{block.Village.Name}{Names.ChineseNumber(block.Group)}组{houseNumbers[key]}号",
                    Yt = "农村宅基地",
                    Geometry = lot,
                    Zdmj = Math.Round(lot.Area, 2),
                    Bdcqzh = Certificate(county, djsj),
                    Djsj = djsj,
                    Jzdjd = grade,
                };
                _world.Parcels.Add(parcel);
                if (previous.TryGetValue((row, col - 1), out var left))
                {
                    // The shared edge: the right edge of the left lot (corners 1 and 2).
                    var cs = left.Geometry.Coordinates;
                    _homesteadPairs.Add((left, parcel, [cs[1], cs[2]]));
                }

                previous[(row, col)] = parcel;
            }
        }
    }

    /// <summary>Legal sites built since 2020 are registered after their supply (批 → 供 → 登记).</summary>
    private void BuildNewSiteParcels()
    {
        foreach (var supply in _world.Supplies.Where(s => s.Gdrq.Year >= 2020 && s.Gdfs != "划拨" && s.Tdyt != "交通运输用地"))
        {
            var djsj = supply.Gdrq.AddDays(_rng.Int(150, 500));
            if (djsj > new DateOnly(2026, 3, 15))
            {
                continue;
            }

            var centre = supply.Geometry.InteriorPoint;
            var under = _index2019.Query(centre.EnvelopeInternal).FirstOrDefault(l => l.Geometry.Contains(centre));
            if (under is null || supply.Geometry is not Polygon)
            {
                continue;
            }

            var zddm = Zddm(under.Village, "GB");
            var years = supply.Tdyt switch { "城镇住宅用地" => 70, "商服用地" => 40, _ => 50 };
            _world.Parcels.Add(new RegisteredParcel
            {
                Zddm = zddm,
                Bdcdyh = zddm + "F00010001",
                Qllx = "4",
                Qlxz = supply.Gdfs == "租赁" ? "104" : supply.Gdfs == "作价出资" ? "103" : "102",
                Qlr = supply.Srr,
                Zl = $"{supply.County.Name}{under.Village.Township.Name}{Names.Streets[_rng.Int(0, Names.Streets.Length)]}{_rng.Int(1, 300) * 2}号",
                Yt = supply.Tdyt,
                Geometry = supply.Geometry,
                Zdmj = Math.Round(supply.Geometry.Area, 2),
                TermStart = supply.Gdrq,
                TermEnd = supply.Gdrq.AddYears(years).AddDays(-1),
                Bdcqzh = Certificate(supply.County, djsj),
                Djsj = djsj,
                Jzdjd = 1,
            });
        }
    }

    private void BuildRegistrationScenarios()
    {
        // Pairs far apart from each other, taken in a fixed order.
        var pairs = _homesteadPairs.Where((_, i) => i % 37 == 5).ToList();
        (RegisteredParcel A, RegisteredParcel B, Coordinate[] Edge) TakePair() { var p = pairs[0]; pairs.RemoveAt(0); return p; }

        // D1: B was surveyed 2.5 m into A and registered later; both current.
        var (a1, b1, edge1) = TakePair();
        var dx = edge1[1].X - edge1[0].X;
        var dy = edge1[1].Y - edge1[0].Y;
        var len = Math.Sqrt(dx * dx + dy * dy);

        // Unit normal of the shared edge pointing from A into B.
        var (nx, ny) = (dy / len, -dx / len);
        var centreA = a1.Geometry.Centroid.Coordinate;
        if ((edge1[0].X - centreA.X) * nx + (edge1[0].Y - centreA.Y) * ny < 0)
        {
            (nx, ny) = (-nx, -ny);
        }

        var shifted = Geo.PolygonGk(b1.Geometry.Coordinates.Take(4).Select(c => new Coordinate(c.X - 2.5 * nx, c.Y - 2.5 * ny)).ToList());
        b1.Geometry = shifted;
        b1.Zdmj = Math.Round(shifted.Area, 2);
        b1.Djsj = a1.Djsj.AddDays(400);
        b1.Scenario = "d1_overlap";
        _scenarioParcels["d1_overlap"] = (a1, b1);

        // D1 negative: a homestead inside its village's 集体土地所有权 parcel.
        var (a2, _, _) = TakePair();
        _scenarioParcels["d1_nested_ownership"] = (a2, _world.Parcels.First(p => p.Qllx == "1" && p.Zddm[..12] == a2.Zddm[..12]));

        // D2: the same unit registered twice to different holders (both current).
        var townLots = _world.Parcels.Where(p => p.Qllx == "4" && p.Yt == "城镇住宅用地").ToList();
        var d2 = townLots[townLots.Count / 3];
        var dup = CopyParcel(d2, Names.Person(_rng), d2.Djsj.AddDays(900), "现势");
        _world.Parcels.Add(dup);
        _scenarioParcels["d2_duplicate_unit"] = (d2, dup);

        // D2 negative: a transfer; the older record is historical.
        var d2b = townLots[(townLots.Count * 2) / 3];
        var history = CopyParcel(d2b, Names.Person(_rng), d2b.Djsj, "历史");
        d2b.Djsj = d2b.Djsj.AddDays(1_100);
        _world.Parcels.Insert(_world.Parcels.IndexOf(d2b), history);
        _scenarioParcels["d2_history_version"] = (d2b, history);

        // D3: neighbours surveyed to grade 2 (±15 cm).
        foreach (var tag in new[] { "d3_boundary_within_tolerance", "d3_boundary_beyond_tolerance" })
        {
            var (a, b, _) = TakePair();
            a.Jzdjd = 2;
            b.Jzdjd = 2;
            _scenarioParcels[tag] = (a, b);
        }

        // D4: the recorded area is 13 % larger than the registered boundary encloses.
        var (a4, _, _) = TakePair();
        a4.Zdmj = Math.Round(a4.Geometry.Area * 1.13, 2);
        _scenarioParcels["d4_area_mismatch"] = (a4, null);
        var (a5, _, _) = TakePair();
        _scenarioParcels["d4_area_ok"] = (a5, null);
    }

    private RegisteredParcel CopyParcel(RegisteredParcel p, string holder, DateOnly djsj, string status) => new()
    {
        Zddm = p.Zddm,
        Bdcdyh = p.Bdcdyh,
        Qllx = p.Qllx,
        Qlxz = p.Qlxz,
        Qlr = holder,
        Zl = p.Zl,
        Yt = p.Yt,
        Geometry = p.Geometry,
        Zdmj = p.Zdmj,
        TermStart = p.TermStart,
        TermEnd = p.TermEnd,
        Bdcqzh = Certificate(DemoWorldCounty(p), djsj),
        Djsj = djsj,
        Jzdjd = p.Jzdjd,
        Qszt = status,
    };

    private County DemoWorldCounty(RegisteredParcel p) => _world.Counties.First(c => c.Code == p.Zddm[..6]);
}
