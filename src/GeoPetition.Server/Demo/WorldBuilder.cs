using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Builds the <see cref="DemoWorld"/> from a seed: first the ground (grid, administrative units,
/// rivers and roads, the 2019 land use, control lines), then the projects and violations that
/// change it (with their approvals, supplies, registrations and change spots), then the 2023 land
/// use, the cadastre and the petitions. Every step draws from one seeded <see cref="DemoRandom"/>
/// in a fixed order.
/// </summary>
internal sealed partial class WorldBuilder
{
    private const int GridI = 106;
    private const int GridJ = 88;
    private const double CellSize = 250;
    private const double GridS0 = -13_250;
    private const double GridT0 = -11_000;
    private const double CentreU = 10_000;
    private const double CentreV = 7_500;
    private static readonly double GridAngle = 14.0 * Math.PI / 180.0;

    private readonly DemoRandom _rng;
    private readonly DemoWorld _world;
    private readonly uint _salt;
    private readonly Cell?[,] _grid = new Cell?[GridI, GridJ];

    private readonly TownArea _westTown = new("城关镇", 3_900, 8_900, 950, 750, false);
    private readonly TownArea _westPark = new("城关工业集中区", 4_900, 8_050, 350, 280, true);
    private readonly TownArea _eastTown = new("新河镇", 13_600, 8_700, 1_150, 850, false);
    private readonly TownArea _eastPark = new("新河工业园区", 15_500, 7_900, 750, 550, true);

    private readonly (double U, double V, double R)[] _hills =
    [
        (2_200, 12_800, 2_600),
        (17_200, 2_400, 3_000),
        (9_000, 1_800, 1_800),
        (18_000, 13_600, 1_600),
    ];

    private WorldBuilder(int seed)
    {
        _rng = new DemoRandom(seed);
        _salt = (uint)seed;
        _world = new DemoWorld { Seed = seed };
    }

    private TownArea[] Towns => [_westTown, _westPark, _eastTown, _eastPark];

    /// <summary>Builds the whole county for a seed.</summary>
    public static DemoWorld Build(int seed)
    {
        var builder = new WorldBuilder(seed);
        builder.BuildGround();
        builder.BuildProjects();
        builder.BuildSurvey2023();
        builder.BuildCadastre();
        builder.BuildPetitions();
        return builder._world;
    }

    private void BuildGround()
    {
        BuildGrid();
        BuildAdministration();
        BuildLinearFeatures();
        BuildFields();
        NumberLandUse(_world.LandUse2019, 2019);
        BuildFarmland();
        BuildRedLines();
    }

    // ---------------------------------------------------------------- grid

    private (double U, double V) GridToLocal(double s, double t) =>
        (CentreU + s * Math.Cos(GridAngle) - t * Math.Sin(GridAngle), CentreV + s * Math.Sin(GridAngle) + t * Math.Cos(GridAngle));

    private (double U, double V) Corner(int i, int j)
    {
        var js = (Noise.Unit(i, j, _salt ^ 0xA1u) - 0.5) * 130;
        var jt = (Noise.Unit(i, j, _salt ^ 0xB2u) - 0.5) * 130;
        return GridToLocal(GridS0 + i * CellSize + js, GridT0 + j * CellSize + jt);
    }

    private bool InsideMask(double u, double v)
    {
        if (u < 150 || u > DemoFrame.Width - 150 || v < 150 || v > DemoFrame.Height - 150)
        {
            return false;
        }

        var x = (u - CentreU) / 9_600;
        var y = (v - CentreV) / 7_100;
        var d = Math.Pow(Math.Pow(x, 4) + Math.Pow(y, 4), 0.25);
        d += 0.2 * (Noise.Fbm(u, v, 2_500, 3, _salt ^ 0xC3u) - 0.5);
        return d < 1;
    }

    private double HillAt(double u, double v)
    {
        var h = 0.0;
        foreach (var (hu, hv, r) in _hills)
        {
            var d2 = ((u - hu) * (u - hu) + (v - hv) * (v - hv)) / (r * r);
            h = Math.Max(h, 1 - d2);
        }

        return Math.Clamp(h + 0.35 * (Noise.Fbm(u, v, 900, 3, _salt ^ 0xD4u) - 0.5), 0, 1);
    }

    /// <summary>Northing (local v) of the main river's centreline at u.</summary>
    private static double RiverV(double u) =>
        5_000 + 0.12 * u + 500 * Math.Sin(u / 1_400 + 0.7) + 200 * Math.Sin(u / 380);

    private static double TributaryU(double v) => 7_300 + 350 * Math.Sin(v / 800) + 120 * Math.Sin(v / 230);

    private void BuildGrid()
    {
        for (var i = 0; i < GridI; i++)
        {
            for (var j = 0; j < GridJ; j++)
            {
                var corners = new[] { Corner(i, j), Corner(i + 1, j), Corner(i + 1, j + 1), Corner(i, j + 1) };
                var cu = corners.Average(c => c.U);
                var cv = corners.Average(c => c.V);
                if (!InsideMask(cu, cv))
                {
                    continue;
                }

                var gk = corners.Select(c => DemoFrame.ToGk(c.U, c.V)).ToArray();
                var cell = new Cell
                {
                    Index = _world.Cells.Count,
                    I = i,
                    J = j,
                    Corners = gk,
                    Quad = Geo.PolygonGk(gk),
                    U = cu,
                    V = cv,
                    Hill = HillAt(cu, cv),
                };
                _grid[i, j] = cell;
                _world.Cells.Add(cell);
            }
        }

        foreach (var cell in _world.Cells)
        {
            TownArea? best = null;
            var bestMetric = double.MaxValue;
            foreach (var town in Towns)
            {
                var m = town.Metric(cell.U, cell.V) + 0.24 * (Noise.Fbm(cell.U, cell.V, 500, 2, _salt ^ 0xE5u) - 0.5);
                if (m < bestMetric)
                {
                    bestMetric = m;
                    best = town;
                }
            }

            var core = best!.Industrial ? 0.5 : 0.6;
            cell.Zone = bestMetric < core ? CellZone.TownCore
                : bestMetric < 1.0 ? CellZone.TownRing
                : bestMetric < 1.45 ? CellZone.Expansion
                : CellZone.Rural;
            cell.Town = cell.Zone == CellZone.Rural ? null : best;
            if (cell.Zone != CellZone.Rural)
            {
                cell.Hill = Math.Min(cell.Hill, 0.2);
            }
        }
    }

    private Cell? CellAt(int i, int j) => i >= 0 && j >= 0 && i < GridI && j < GridJ ? _grid[i, j] : null;

    private IEnumerable<Cell> Neighbours(Cell c)
    {
        foreach (var (di, dj) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1) })
        {
            if (CellAt(c.I + di, c.J + dj) is { } n)
            {
                yield return n;
            }
        }
    }

    private static bool IsBuiltTown(Cell c) => c.Zone is CellZone.TownCore or CellZone.TownRing;

    // ---------------------------------------------------------------- administration

    private void BuildAdministration()
    {
        var west = new County("510991", "示范县", "示");
        var east = new County("510992", "样例县", "样");
        _world.Counties.Add(west);
        _world.Counties.Add(east);
        var townships = new Dictionary<string, Township>
        {
            ["WN1"] = new("510991100", "城关镇", west),
            ["WN2"] = new("510991101", "青山镇", west),
            ["WS1"] = new("510991102", "石桥镇", west),
            ["WS2"] = new("510991200", "白鹤乡", west),
            ["EN1"] = new("510992100", "新河镇", east),
            ["EN2"] = new("510992101", "金田镇", east),
            ["ES1"] = new("510992200", "龙泉乡", east),
            ["ES2"] = new("510992201", "柳溪乡", east),
        };
        _world.Townships.AddRange(townships.Values);

        foreach (var cell in _world.Cells)
        {
            var (u, v) = (cell.U, cell.V);
            var isWest = u < 10_000 + 600 * Math.Sin(v / 2_100) + 500 * (Noise.Fbm(u, v, 1_500, 2, _salt ^ 0xF6u) - 0.5);
            string key;
            if (isWest)
            {
                var north = v > 7_300 + 300 * Math.Sin(u / 1_800);
                var col1 = u < 5_600 + 250 * Math.Sin(v / 1_500);
                key = (north ? "WN" : "WS") + (col1 ? "1" : "2");
            }
            else
            {
                var north = v > 6_900 + 300 * Math.Sin(u / 1_900);
                var col1 = u < 16_600 + 300 * Math.Sin(v / 1_700);
                key = (north ? "EN" : "ES") + (col1 ? "1" : "2");
            }

            cell.Township = townships[key];
        }

        var stems = Names.VillageStems.ToList();
        _rng.Shuffle(stems);
        var stemIndex = 0;
        foreach (var township in _world.Townships)
        {
            var cells = _world.Cells.Where(c => c.Township == township).ToList();
            var builtTown = cells.Where(IsBuiltTown).ToList();
            var rural = cells.Where(c => !IsBuiltTown(c)).ToList();
            if (builtTown.Count > 0)
            {
                var community = new Village(township.Code + "001", township.Name[..2] + "社区", township, isCommunity: true);
                foreach (var c in builtTown)
                {
                    c.Village = community;
                    community.Cells.Add(c);
                }

                community.Seed = (builtTown.Average(c => c.U), builtTown.Average(c => c.V));
                township.Villages.Add(community);
                _world.Villages.Add(community);
            }

            var count = builtTown.Count > 0 ? 4 : 5;
            var seeds = FarthestPoints(rural.Where(c => c.Zone == CellZone.Rural && c.Hill < 0.6).ToList(), count);
            var villages = new List<Village>();
            for (var k = 0; k < seeds.Count; k++)
            {
                var village = new Village(township.Code + (201 + k).ToString(System.Globalization.CultureInfo.InvariantCulture), stems[stemIndex++ % stems.Count] + "村", township, isCommunity: false)
                {
                    Seed = (seeds[k].U, seeds[k].V),
                };
                villages.Add(village);
                township.Villages.Add(village);
                _world.Villages.Add(village);
            }

            foreach (var c in rural)
            {
                var village = villages.MinBy(vl => Dist2(vl.Seed, (c.U, c.V)))!;
                c.Village = village;
                village.Cells.Add(c);
            }
        }

        foreach (var village in _world.Villages)
        {
            var groups = Math.Clamp(village.Cells.Count / 14, village.IsCommunity ? 1 : 4, 10);
            var seeds = FarthestPoints(village.Cells, groups);
            village.GroupCount = seeds.Count;
            foreach (var c in village.Cells)
            {
                var best = 0;
                for (var k = 1; k < seeds.Count; k++)
                {
                    if (Dist2((seeds[k].U, seeds[k].V), (c.U, c.V)) < Dist2((seeds[best].U, seeds[best].V), (c.U, c.V)))
                    {
                        best = k;
                    }
                }

                c.Group = best + 1;
            }

            if (!village.IsCommunity)
            {
                var seedCell = village.Cells.MinBy(c => Dist2(village.Seed, (c.U, c.V)))!;
                seedCell.Settlement = true;
                foreach (var n in Neighbours(seedCell))
                {
                    if (n.Village == village && n.Zone == CellZone.Rural && n.Hill < 0.55 && _rng.Chance(0.55))
                    {
                        n.Settlement = true;
                    }
                }
            }
        }

        foreach (var c in _world.Cells)
        {
            if (c.Zone == CellZone.Rural && c.Hill < 0.55 && !c.Settlement && _rng.Chance(0.045))
            {
                c.Settlement = true;
            }
        }

        foreach (var township in _world.Townships)
        {
            township.Geometry = CellUnion(_world.Cells.Where(c => c.Township == township));
        }

        foreach (var county in _world.Counties)
        {
            county.Geometry = CellUnion(_world.Cells.Where(c => c.Township.County == county));
        }

        _world.Area = CellUnion(_world.Cells);
    }

    private List<Cell> FarthestPoints(List<Cell> cells, int count)
    {
        var result = new List<Cell>();
        if (cells.Count == 0)
        {
            return result;
        }

        result.Add(cells[_rng.Int(0, cells.Count)]);
        while (result.Count < Math.Min(count, cells.Count))
        {
            var next = cells.MaxBy(c => result.Min(r => Dist2((r.U, r.V), (c.U, c.V))))!;
            result.Add(next);
        }

        return result;
    }

    private static double Dist2((double U, double V) a, (double U, double V) b) =>
        (a.U - b.U) * (a.U - b.U) + (a.V - b.V) * (a.V - b.V);

    // ---------------------------------------------------------------- rivers and roads

    private Geometry _river = null!;
    private LineString _riverLine = null!;
    private LineString _highwayLine = null!;

    /// <summary>Centre line of the new road (built 2021–2022 under a 国务院 approval).</summary>
    private LineString _newRoadLine = null!;

    private static readonly (double U, double V)[] HighwayPoints =
    [
        (-400, 10_500), (1_500, 9_950), (3_900, 9_000), (6_500, 9_300), (9_500, 9_000), (12_000, 8_950),
        (13_600, 8_700), (15_500, 8_350), (17_500, 7_600), (20_400, 7_250),
    ];

    private static readonly (double U, double V, double Width)[][] CountyRoads =
    [
        [(13_600, 8_700, 16), (13_750, 7_200, 16), (13_900, 6_000, 16), (14_500, 3_000, 16), (14_300, -400, 16)],
        [(3_900, 9_000, 14), (4_300, 11_500, 14), (3_700, 13_500, 14), (4_000, 15_400, 14)],
        [(3_900, 9_000, 14), (4_200, 7_000, 14), (4_600, 5_000, 14), (5_200, 2_500, 14), (5_000, -400, 14)],
        [(13_600, 8_700, 14), (13_200, 11_000, 14), (13_900, 13_500, 14), (13_600, 15_400, 14)],
    ];

    private static readonly (double U, double V)[] NewRoadPoints =
    [
        (9_500, 9_000), (10_300, 7_000), (11_200, 5_000), (12_100, 2_500), (12_600, -400),
    ];

    private void BuildLinearFeatures()
    {
        var riverPts = new List<(double U, double V)>();
        for (var u = -400.0; u <= DemoFrame.Width + 400; u += 25)
        {
            riverPts.Add((u, RiverV(u)));
        }

        _riverLine = Geo.LineLocal(riverPts);
        var tribPts = new List<(double U, double V)>();
        for (var v = DemoFrame.Height + 400; ; v -= 25)
        {
            var u = TributaryU(v);
            tribPts.Add((u, v));
            if (v < RiverV(u))
            {
                break;
            }
        }

        _river = Geo.Union(Geo.FlatBuffer(_riverLine, 40), Geo.FlatBuffer(Geo.LineLocal(tribPts), 12));
        AddFreeFeature([.. Chunks(_riverLine, 40), .. Chunks(Geo.LineLocal(tribPts), 12)], "1101");

        _highwayLine = Geo.LineLocal(Geo.Spline(HighwayPoints, 25));
        var roadChunks = Chunks(_highwayLine, 13).ToList();
        foreach (var road in CountyRoads)
        {
            var line = Geo.LineLocal(Geo.Spline(road.Select(p => (p.U, p.V)).ToList(), 25));
            roadChunks.AddRange(Chunks(line, road[0].Width / 2));
        }

        AddFreeFeature(roadChunks, "1003");
        _newRoadLine = Geo.LineLocal(Geo.Spline(NewRoadPoints, 25));

        AddGridFeatures("1004", 14, (a, b, _, _) => IsBuiltTown(a) && IsBuiltTown(b) && a.Town == b.Town);
        AddGridFeatures("1006", 6, (a, b, index, _) => index % 4 == 0 && !IsBuiltTown(a) && !IsBuiltTown(b) && (a.Hill < 0.7 || b.Hill < 0.7));
        AddGridFeatures("1107", 3, (a, b, index, alongJ) => alongJ && index % 4 == 2 && !IsBuiltTown(a) && !IsBuiltTown(b) && a.Hill < 0.35 && b.Hill < 0.35);
    }

    /// <summary>
    /// A line buffered in overlapping chunks of about 300 m (each chunk one vertex longer on both
    /// sides, so every join is inside some chunk): the union of the chunks near a point equals the
    /// buffer of the whole line there, and each overlay stays small.
    /// </summary>
    private static IEnumerable<Geometry> Chunks(LineString line, double halfWidth)
    {
        var coords = line.Coordinates;
        const int Step = 12;
        for (var a = 0; a < coords.Length - 1; a += Step)
        {
            var from = Math.Max(0, a - 1);
            var to = Math.Min(coords.Length - 1, a + Step + 1);
            var sub = DemoFrame.Factory.CreateLineString(coords[from..(to + 1)]);
            yield return Geo.FlatBuffer(sub, halfWidth);
        }
    }

    private void AddFreeFeature(IReadOnlyList<Geometry> chunks, string dlbm)
    {
        var pieces = new List<Polygon>[_world.Cells.Count];
        Parallel.For(0, _world.Cells.Count, index =>
        {
            var cell = _world.Cells[index];
            var env = cell.Quad.EnvelopeInternal;
            var local = chunks.Where(c => c.EnvelopeInternal.Intersects(env) && c.Intersects(cell.Quad)).ToList();
            if (local.Count == 0)
            {
                return;
            }

            var piece = Geo.Intersection(cell.Quad, Geo.Union(local));
            var higher = cell.Linear.Where(l => l.Geometry.EnvelopeInternal.Intersects(piece.EnvelopeInternal)).Select(l => (Geometry)l.Geometry).ToList();
            if (higher.Count > 0)
            {
                piece = Geo.Difference(piece, Geo.Union(higher));
            }

            pieces[index] = Geo.Polygons(piece, 0.5);
        });

        for (var index = 0; index < pieces.Length; index++)
        {
            var cell = _world.Cells[index];
            foreach (var part in pieces[index] ?? [])
            {
                cell.Linear.Add(NewLinear(part, dlbm, cell, state: true));
            }
        }
    }

    private Geometry LinearUnion(Cell cell) => Geo.Union(cell.Linear.Select(l => (Geometry)l.Geometry));

    private LandPolygon NewLinear(Polygon part, string dlbm, Cell cell, bool state)
    {
        var lp = new LandPolygon
        {
            Geometry = part,
            Dlbm = dlbm,
            Village = cell.Village,
            Group = cell.Group,
            State = state,
            Cell = cell,
            IsLinear = true,
            Czcsxm = dlbm == "1004" ? "202" : null,
            Angle = GridAngle,
        };
        _world.LandUse2019.Add(lp);
        return lp;
    }

    /// <summary>
    /// Linear features along grid lines: <paramref name="include"/>(cellA, cellB, lineIndex, alongJ)
    /// decides each segment; runs of segments are buffered as one line and cut back into the two
    /// cells beside each segment, so the pieces tile the buffer without gaps.
    /// </summary>
    private void AddGridFeatures(string dlbm, double width, Func<Cell, Cell, int, bool, bool> include)
    {
        // Segments of lines of constant i ((i,j)-(i,j+1), cells (i-1,j) and (i,j)), then of constant j.
        var jobs = new List<(Cell A, Cell B, int Line, int K, int First, int Last, bool AlongJ)>();
        for (var pass = 0; pass < 2; pass++)
        {
            var alongJ = pass == 1;
            var lines = alongJ ? GridJ : GridI;
            var steps = alongJ ? GridI : GridJ;
            for (var line = 1; line < lines; line++)
            {
                var run = new List<(Cell A, Cell B, int K)>();
                for (var k = 0; k <= steps; k++)
                {
                    (Cell? a, Cell? b) = k == steps ? (null, null)
                        : alongJ ? (CellAt(k, line - 1), CellAt(k, line)) : (CellAt(line - 1, k), CellAt(line, k));
                    if (a is not null && b is not null && include(a, b, line, alongJ))
                    {
                        run.Add((a, b, k));
                        continue;
                    }

                    foreach (var (ra, rb, rk) in run)
                    {
                        jobs.Add((ra, rb, line, rk, run[0].K, run[^1].K, alongJ));
                    }

                    run.Clear();
                }
            }
        }

        // The buffer of a run near segment k depends only on its neighbours (the joins at both of
        // its corners), so a local three-segment buffer gives the same piece; pieces of a run cut
        // by the two cells beside each segment tile the run's buffer without gaps.
        var pieces = new Geometry[jobs.Count];
        Parallel.For(0, jobs.Count, index =>
        {
            var (_, _, line, k, first, last, alongJ) = jobs[index];
            var pts = new List<(double U, double V)>();
            for (var m = Math.Max(first, k - 1); m <= Math.Min(last, k + 1) + 1; m++)
            {
                pts.Add(alongJ ? Corner(m, line) : Corner(line, m));
            }

            var buffer = Geo.FlatBuffer(Geo.LineLocal(pts), width / 2);
            var region = alongJ
                ? GridPolygon([(k, line - 1), (k + 1, line - 1), (k + 1, line), (k + 1, line + 1), (k, line + 1), (k, line)])
                : GridPolygon([(line - 1, k), (line, k), (line + 1, k), (line + 1, k + 1), (line, k + 1), (line - 1, k + 1)]);
            pieces[index] = Geo.Intersection(buffer, region);
        });

        for (var index = 0; index < jobs.Count; index++)
        {
            var (a, b, _, _, _, _, _) = jobs[index];
            var piece = pieces[index];
            var env = piece.EnvelopeInternal;
            var (_, _, line, _, _, _, alongJ) = jobs[index];
            var lineKey = int.Parse(dlbm, Inv) * 1000 + (alongJ ? 500 : 0) + line;

            // Pieces of the same line tile its buffer; only other features (crossings, rivers, roads) are cut out.
            var existing = a.Linear.Concat(b.Linear).Distinct()
                .Where(l => l.LineKey != lineKey && l.Geometry.EnvelopeInternal.Intersects(env))
                .Select(l => (Geometry)l.Geometry).ToList();
            if (existing.Count > 0)
            {
                piece = Geo.Difference(piece, Geo.Union(existing));
            }

            foreach (var part in Geo.Polygons(piece, 0.5))
            {
                var lp = NewLinear(part, dlbm, a, state: dlbm == "1004");
                lp.LineKey = lineKey;
                a.Linear.Add(lp);
                b.Linear.Add(lp);
            }
        }
    }

    private Polygon GridPolygon(IReadOnlyList<(int I, int J)> corners) =>
        Geo.PolygonLocal(corners.Select(c => Corner(c.I, c.J)).ToList());

    /// <summary>
    /// Exact union of grid cells: interior edges (shared by two cells, traversed in opposite
    /// directions) cancel; the remaining directed edges are traced into rings, counter-clockwise
    /// shells and clockwise holes. Much faster than a polygon overlay and free of rounding.
    /// </summary>
    private Geometry CellUnion(IEnumerable<Cell> cells)
    {
        var edges = new HashSet<((int, int) From, (int, int) To)>();
        foreach (var c in cells)
        {
            (int, int)[] ring = [(c.I, c.J), (c.I + 1, c.J), (c.I + 1, c.J + 1), (c.I, c.J + 1)];
            for (var k = 0; k < 4; k++)
            {
                var e = (ring[k], ring[(k + 1) % 4]);
                if (!edges.Remove((e.Item2, e.Item1)))
                {
                    edges.Add(e);
                }
            }
        }

        var outgoing = new Dictionary<(int, int), List<(int, int)>>();
        foreach (var (from, to) in edges.OrderBy(e => e.From).ThenBy(e => e.To))
        {
            if (!outgoing.TryGetValue(from, out var list))
            {
                outgoing[from] = list = [];
            }

            list.Add(to);
        }

        var shells = new List<LinearRing>();
        var holes = new List<LinearRing>();
        foreach (var start in outgoing.Keys.OrderBy(k => k).ToList())
        {
            while (outgoing.TryGetValue(start, out var list) && list.Count > 0)
            {
                var ring = new List<Coordinate>();
                var current = start;
                do
                {
                    var (u, v) = Corner(current.Item1, current.Item2);
                    ring.Add(DemoFrame.ToGk(u, v));
                    var next = outgoing[current];
                    var to = next[0];
                    next.RemoveAt(0);
                    current = to;
                }
                while (current != start);
                ring.Add(ring[0].Copy());
                var lr = DemoFrame.Factory.CreateLinearRing([.. ring]);
                if (NetTopologySuite.Algorithm.Orientation.IsCCW(lr.CoordinateSequence))
                {
                    shells.Add(lr);
                }
                else
                {
                    holes.Add(lr);
                }
            }
        }

        var polygons = shells.Select(shell =>
        {
            var shellPolygon = DemoFrame.Factory.CreatePolygon(shell);
            var inner = holes.Where(h => shellPolygon.Contains(h.StartPoint)).ToArray();
            return DemoFrame.Factory.CreatePolygon(shell, inner);
        }).ToArray();
        return polygons.Length == 1 ? polygons[0] : DemoFrame.Factory.CreateMultiPolygon(polygons);
    }

    // ---------------------------------------------------------------- fields

    private void BuildFields()
    {
        // Random decisions first, in cell order; then the overlays in parallel; then the polygons in cell order.
        var plans = new List<(Polygon Strip, string Dlbm, double Angle)>[_world.Cells.Count];
        foreach (var cell in _world.Cells)
        {
            var built = IsBuiltTown(cell);
            var k = built ? _rng.Int(2, 4)
                : cell.Settlement ? _rng.Int(3, 5)
                : _rng.Weighted((1, 0.25), (2, 0.45), (3, 0.3));
            var axis = _rng.Int(0, 2);
            var slope = !built && cell.Hill is > 0.4 and < 0.62;
            var ridges = slope && _rng.Chance(0.3);
            var splits = new List<double>();
            for (var m = 1; m < k; m++)
            {
                splits.Add((double)m / k + _rng.Range(-0.2, 0.2) / k);
            }

            var c = cell.Corners;
            var bands = new List<(double From, double To, bool Ridge)>();
            var from = 0.0;
            foreach (var t in splits)
            {
                bands.Add((from, t, false));
                from = t;
                if (ridges)
                {
                    var edge = axis == 0 ? c[0].Distance(c[1]) : c[0].Distance(c[3]);
                    var w = 5.0 / edge;
                    bands.Add((t, t + w, true));
                    from = t + w;
                }
            }

            bands.Add((from, 1.0, false));
            var angle = axis == 0 ? Math.Atan2(c[3].Y - c[0].Y, c[3].X - c[0].X) : Math.Atan2(c[1].Y - c[0].Y, c[1].X - c[0].X);
            var plan = new List<(Polygon Strip, string Dlbm, double Angle)>();
            foreach (var (t0, t1, ridge) in bands)
            {
                Polygon strip = axis == 0
                    ? Geo.PolygonGk([Lerp(c[0], c[1], t0), Lerp(c[0], c[1], t1), Lerp(c[3], c[2], t1), Lerp(c[3], c[2], t0)])
                    : Geo.PolygonGk([Lerp(c[0], c[3], t0), Lerp(c[1], c[2], t0), Lerp(c[1], c[2], t1), Lerp(c[0], c[3], t1)]);
                var centre = strip.Centroid.Coordinate;
                var dlbm = ridge ? "1203" : ClassFor(cell, DemoFrame.U(centre.X), DemoFrame.V(centre.Y));
                plan.Add((strip, dlbm, angle));
            }

            plans[cell.Index] = plan;
        }

        var parts = new List<List<Polygon>>[_world.Cells.Count];
        Parallel.For(0, _world.Cells.Count, index =>
        {
            var cell = _world.Cells[index];
            var linear = LinearUnion(cell);
            parts[index] = plans[index].Select(p => Geo.Polygons(linear.IsEmpty ? p.Strip : Geo.Difference(p.Strip, linear), 0.5)).ToList();
        });

        foreach (var cell in _world.Cells)
        {
            var built = IsBuiltTown(cell);
            for (var s = 0; s < plans[cell.Index].Count; s++)
            {
                var (_, dlbm, angle) = plans[cell.Index][s];
                foreach (var part in parts[cell.Index][s])
                {
                    var lp = new LandPolygon
                    {
                        Geometry = part,
                        Dlbm = dlbm,
                        Village = cell.Village,
                        Group = cell.Group,
                        State = built,
                        Cell = cell,
                        Angle = angle,
                        Czcsxm = built ? "202" : dlbm == "0702" ? "203" : null,
                    };
                    cell.Fields.Add(lp);
                    _world.LandUse2019.Add(lp);
                }
            }
        }

        // The existing quarry (采矿用地) on the south-east hill.
        foreach (var lp in _world.LandUse2019
                     .Where(l => !l.IsLinear && l.Cell!.Hill is > 0.45 and < 0.75 && l.Cell.Zone == CellZone.Rural)
                     .OrderBy(l => Dist2((16_300, 3_400), (l.Cell!.U, l.Cell.V)))
                     .Take(2))
        {
            lp.Dlbm = "0602";
            lp.State = false;
            lp.Reserved = true;
        }
    }

    private static Coordinate Lerp(Coordinate a, Coordinate b, double t) => new(a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t);

    private string ClassFor(Cell cell, double u, double v)
    {
        if (IsBuiltTown(cell))
        {
            if (cell.Town!.Industrial)
            {
                return _rng.Weighted(("0601", 75.0), ("0508", 20.0), ("05H1", 5.0));
            }

            return cell.Zone == CellZone.TownCore
                ? _rng.Weighted(("0701", 45.0), ("05H1", 27.0), ("08H1", 6.0), ("08H2", 10.0), ("0810", 6.0), ("0701", 6.0))
                : _rng.Weighted(("0701", 50.0), ("05H1", 15.0), ("0601", 15.0), ("08H2", 8.0), ("0810", 5.0), ("0508", 7.0));
        }

        var h = cell.Zone == CellZone.Rural ? HillAt(u, v) : 0.2;
        if (cell.Zone == CellZone.Expansion)
        {
            return _rng.Weighted(("0101", 55.0), ("0103", 35.0), ("0102", 10.0));
        }

        if (cell.Settlement)
        {
            return _rng.Weighted(("0702", 55.0), ("0302", 30.0), ("0101", 10.0), ("0103", 5.0));
        }

        if (h > 0.62)
        {
            return _rng.Weighted(("0301", 80.0), ("0305", 10.0), ("0307", 10.0));
        }

        if (h > 0.45)
        {
            return _rng.Weighted(("0103", 40.0), ("0307", 15.0), ("0404", 15.0), ("0201", 15.0), ("0204", 10.0), ("0301", 5.0));
        }

        if (h > 0.35)
        {
            return _rng.Weighted(("0103", 55.0), ("0101", 15.0), ("0201", 12.0), ("0404", 5.0), ("0302", 5.0), ("1104", 3.0), ("0307", 5.0));
        }

        var nearRiver = Math.Abs(v - RiverV(u)) < 1_500;
        return nearRiver
            ? _rng.Weighted(("0101", 60.0), ("0103", 22.0), ("0102", 8.0), ("1104", 4.0), ("0201", 3.0), ("1202", 1.0), ("0302", 2.0))
            : _rng.Weighted(("0101", 45.0), ("0103", 38.0), ("0102", 4.0), ("0201", 5.0), ("1104", 3.0), ("1202", 1.0), ("0302", 4.0));
    }

    // ---------------------------------------------------------------- numbering

    private void NumberLandUse(List<LandPolygon> polygons, int year)
    {
        var serials = new Dictionary<string, int>();
        var tbbh = new Dictionary<Village, int>();
        foreach (var lp in polygons)
        {
            var county = lp.Village.Township.County.Code;
            serials[county] = serials.GetValueOrDefault(county) + 1;
            tbbh[lp.Village] = tbbh.GetValueOrDefault(lp.Village) + 1;
            lp.Bsm = county + year.ToString(System.Globalization.CultureInfo.InvariantCulture) + serials[county].ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            lp.Tbbh = tbbh[lp.Village].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Parallel.ForEach(polygons, lp => lp.Tbmj = Math.Round(DemoAreas.Ellipsoidal(lp.Geometry), 2));

        for (var i = 0; i < polygons.Count; i++)
        {
            polygons[i].Id = i;
        }
    }

    // ---------------------------------------------------------------- control lines

    private void BuildFarmland()
    {
        var serial = new Dictionary<string, int>();
        foreach (var lp in _world.LandUse2019)
        {
            if (lp.IsLinear || !lp.Class.IsCropland || lp.Cell is null || lp.Cell.Zone != CellZone.Rural || lp.Cell.Settlement)
            {
                continue;
            }

            var centre = lp.Geometry.Centroid.Coordinate;
            var (u, v) = (DemoFrame.U(centre.X), DemoFrame.V(centre.Y));
            if (HillAt(u, v) > 0.42 || Towns.Any(t => t.Metric(u, v) < 1.75) || lp.Tbmj < 2_000)
            {
                continue;
            }

            if (Noise.Fbm(u, v, 2_500, 2, _salt ^ 0x1234u) < 0.42)
            {
                continue;
            }

            lp.Farmland = true;
            var county = lp.Village.Township.County.Code;
            serial[county] = serial.GetValueOrDefault(county) + 1;
            _world.Farmland.Add(new FarmlandPolygon
            {
                Bsm = county + "JBNT" + serial[county].ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                Dlbm = lp.Dlbm,
                Year = 2022,
                Geometry = lp.Geometry,
            });
        }

    }

    private void BuildRedLines()
    {
        var serial = 0;
        void Add(Geometry g, string type, string name, double minArea)
        {
            foreach (var part in Geo.Polygons(g, minArea))
            {
                serial++;
                _world.RedLines.Add(new RedLinePolygon
                {
                    Bsm = "510900HX" + serial.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                    Type = type,
                    Name = name,
                    Geometry = part,
                });
            }
        }

        Geometry HillCore((double U, double V, double R) hill, double threshold) =>
            Geo.Union(_world.LandUse2019
                .Where(l => l.Dlbm is "0301" or "0305" or "0307" && l.Cell is not null
                    && Dist2((hill.U, hill.V), (l.Cell.U, l.Cell.V)) < hill.R * hill.R && l.Cell.Hill > threshold)
                .Select(l => (Geometry)l.Geometry));

        Add(HillCore(_hills[0], 0.72), "水源涵养", "青山水源涵养生态保护红线", 150_000);
        Add(HillCore(_hills[1], 0.74), "水土保持", "龙泉山水土保持生态保护红线", 150_000);

        var stretch = Geo.PolygonLocal([(7_600, 0), (12_400, 0), (12_400, DemoFrame.Height), (7_600, DemoFrame.Height)]);
        var corridor = Geo.Intersection(Geo.Intersection(Geo.FlatBuffer(_riverLine, 110), stretch), _world.Area);
        Add(corridor, "生物多样性维护", "沱溪河湿地生态保护红线", 100_000);
    }
}
