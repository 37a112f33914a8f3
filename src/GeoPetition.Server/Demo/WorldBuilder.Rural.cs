using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Rural cases: known illegal occupations (R1), unapproved and not yet judged ones (R4 on
/// cropland, permanent basic farmland, red line; mining), villagers' houses (R11), cropland
/// turned to orchards, ponds or forest (R9), solar panels, field roads, false changes (R10),
/// facility agriculture (R8) and temporary land (R7).
/// </summary>
internal sealed partial class WorldBuilder
{
    private LandPolygon? PickField(Func<LandPolygon, bool> predicate, double minArea = 3_000)
    {
        var candidates = _world.LandUse2019
            .Where(l => !l.IsLinear && !l.Reserved && l.Cell is { Zone: CellZone.Rural, Busy: false } && l.Tbmj >= minArea && predicate(l))
            .ToList();
        return candidates.Count == 0 ? null : candidates[_rng.Int(0, candidates.Count)];
    }

    /// <summary>An oriented rectangle well inside a field (null if the field is too narrow).</summary>
    private static Polygon? RectIn(LandPolygon field, double width, double height)
    {
        var shrink = Math.Sqrt(width * width + height * height) / 2 + 1;
        var inner = field.Geometry.Buffer(-shrink);
        return inner.IsEmpty ? null : Geo.Rectangle(inner.InteriorPoint.Coordinate, width, height, field.Angle);
    }

    private static bool Cropland(LandPolygon l) => l.Class.IsCropland;

    private (LandPolygon Field, Geometry Site)? PickSite(Func<LandPolygon, bool> predicate, double width, double height, double wholeFieldBelow = 0)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var field = PickField(predicate, Math.Max(3_000, width * height * 2.5));
            if (field is null)
            {
                return null;
            }

            Geometry? site = field.Tbmj < wholeFieldBelow ? field.Geometry : RectIn(field, width, height);
            if (site is null)
            {
                field.Reserved = true;
                continue;
            }

            Reserve([field]);
            return (field, site);
        }

        return null;
    }

    private void BuildRuralCases()
    {
        BuildKnownIllegal();
        BuildUnjudged();
        BuildHouses();
        BuildAgriculturalChanges();
        BuildMining();
        BuildFalseChanges();
        BuildPlaces();
    }

    /// <summary>R1: occupations judged 违法, with a case number and remediation status; some demolished and restored since.</summary>
    private void BuildKnownIllegal()
    {
        for (var k = 0; k < 55; k++)
        {
            var onFarmland = k % 4 == 3;
            var picked = PickSite(l => Cropland(l) && l.Farmland == onFarmland, _rng.Range(40, 90), _rng.Range(30, 60), wholeFieldBelow: _rng.Chance(0.3) ? 9_000 : 0);
            if (picked is not { } p)
            {
                continue;
            }

            var scenario = k switch { 0 => "r1_known_illegal", 1 => "r1_known_illegal_ref", _ => "" };
            var dlbm = _rng.Weighted(("0601", 50.0), ("0508", 30.0), ("05H1", 20.0));
            var look = dlbm == "0508" ? Material.Hardened : Material.NewBuildings;
            var date = _rng.Date(new DateOnly(2020, 3, 1), new DateOnly(2023, 9, 30));
            var zgzt = scenario.Length > 0
                ? (k == 0 ? "整改中" : "已立案")
                : _rng.Weighted(("已立案", 25.0), ("整改中", 25.0), ("已整改（拆除复耕）", 25.0), ("已处罚（没收）", 15.0), ("已移送公安机关", 5.0), ("挂牌督办", 5.0));
            DateOnly? revert = zgzt.StartsWith("已整改", StringComparison.Ordinal) ? Min(date.AddDays(_rng.Int(200, 700)), LastChange) : null;
            var county = CountyOf(p.Field.Village);
            var change = AddChange(p.Site, dlbm, look, date, p.Field.Village, p.Field.Angle, revert: revert);
            var spot = AddSpot(change, p.Site, county, Tblx(look), date, "违法", scenario);
            spot.Lah = CaseNumber(county, spot.Xfrq);
            spot.Zgzt = zgzt;
            spot.Pdyj = "未取得用地批准手续";
        }
    }

    /// <summary>R4 and Z1: recent occupations without any approval, not yet judged (empty pdjg).</summary>
    private void BuildUnjudged()
    {
        var kinds = new List<(string Scenario, Func<LandPolygon, bool> Where, bool Recent)>
        {
            ("r4_unapproved_cropland", l => Cropland(l) && !l.Farmland, true),
            ("r4_unapproved_farmland", l => Cropland(l) && l.Farmland, true),
            ("r4_unapproved_redline", l => l.RedLine && l.Dlbm is "0301" or "0305" or "0307", true),
            ("z1_occupied_without_approval", l => Cropland(l) && !l.Farmland, false),
            ("r4_collective_complaint", l => Cropland(l) && !l.Farmland, true),
        };
        for (var k = 0; k < 24; k++)
        {
            kinds.Add(("", k % 3 == 0 ? l => Cropland(l) && l.Farmland : l => Cropland(l) && !l.Farmland, true));
        }

        kinds.Add(("", l => l.RedLine && l.Dlbm is "0301" or "0305" or "0307", true));
        foreach (var (scenario, where, recent) in kinds)
        {
            var picked = PickSite(where, _rng.Range(45, 80), _rng.Range(30, 55));
            if (picked is not { } p)
            {
                continue;
            }

            var look = _rng.Weighted((Material.NewBuildings, 50.0), (Material.Hardened, 25.0), (Material.Earthworks, 25.0));
            var dlbm = look switch { Material.Hardened => "0508", Material.Earthworks => "1206", _ => "0601" };
            var date = scenario.Length > 0
                ? (recent ? _rng.Date(new DateOnly(2025, 6, 1), new DateOnly(2026, 1, 31)) : _rng.Date(new DateOnly(2022, 4, 1), new DateOnly(2023, 8, 31)))
                : _rng.Date(new DateOnly(2024, 3, 1), LastChange);
            var change = AddChange(p.Site, dlbm, look, date, p.Field.Village, p.Field.Angle);
            AddSpot(change, p.Site, CountyOf(p.Field.Village), Tblx(look), date, scenario: scenario);
        }
    }

    /// <summary>R11: villagers' houses on cropland next to the settlements (宅基地: the agriculture department's matter).</summary>
    private void BuildHouses()
    {
        for (var k = 0; k < 35; k++)
        {
            var picked = PickSite(l => Cropland(l) && (l.Cell!.Settlement || Neighbours(l.Cell).Any(n => n.Settlement)), _rng.Range(12, 16), _rng.Range(14, 18));
            if (picked is not { } p)
            {
                continue;
            }

            var scenario = k == 0 ? "r11_rural_house" : "";
            var date = scenario.Length > 0 ? _rng.Date(new DateOnly(2023, 3, 1), new DateOnly(2023, 9, 30)) : _rng.Date(new DateOnly(2020, 4, 1), LastChange);
            var change = AddChange(p.Site, "0702", Material.NewBuildings, date, p.Field.Village, p.Field.Angle);
            var spot = AddSpot(change, p.Site, CountyOf(p.Field.Village), "20", date, scenario: scenario);
            spot.Tz = "农村村民建房";
            if (scenario.Length == 0 && date < new DateOnly(2025, 1, 1))
            {
                spot.Pdjg = "违法";
                spot.Pdyj = "农村村民未经批准占用耕地建住宅";
                spot.Zgzt = "已移交农业农村部门";
                spot.Hcrq = spot.Xfrq.AddDays(_rng.Int(10, 45));
            }
        }
    }

    /// <summary>R9 and others: cropland to orchard, pond or forest; solar panels on grassland; new field roads.</summary>
    private void BuildAgriculturalChanges()
    {
        var cases = new List<(string Scenario, string Dlbm, Material Look, bool? Farmland)>
        {
            ("r9_orchard_on_farmland", "0201", Material.Orchard, true),
            ("r9_pond_outside_farmland", "1104", Material.Pond, false),
            ("r9_pond_on_farmland", "1104", Material.Pond, true),
            ("", "0201", Material.Orchard, true),
            ("", "0201", Material.Orchard, true),
            ("", "0201", Material.Orchard, false),
            ("", "0201", Material.Orchard, false),
            ("", "0201", Material.Orchard, false),
            ("", "0201", Material.Orchard, false),
            ("", "1104", Material.Pond, false),
            ("", "1104", Material.Pond, false),
            ("", "1104", Material.Pond, true),
            ("", "0301", Material.Forest, false),
            ("", "0301", Material.Forest, false),
            ("", "0301", Material.Forest, false),
        };
        foreach (var (scenario, dlbm, look, farmland) in cases)
        {
            var field = PickField(l => Cropland(l) && (farmland is null || l.Farmland == farmland), 4_000);
            if (field is null)
            {
                continue;
            }

            Reserve([field]);
            var date = _rng.Date(new DateOnly(2020, 2, 1), new DateOnly(2023, 9, 30));
            var change = AddChange(field.Geometry, dlbm, look, date, field.Village, field.Angle);
            var spot = AddSpot(change, field.Geometry, CountyOf(field.Village), Tblx(look), date, scenario: scenario);
            spot.Tz = "耕地非粮化";
        }

        for (var k = 0; k < 2; k++)
        {
            var field = PickField(l => l.Dlbm == "0404", 6_000);
            if (field is null)
            {
                continue;
            }

            Reserve([field]);
            var date = _rng.Date(new DateOnly(2022, 3, 1), new DateOnly(2023, 8, 31));
            var change = AddChange(field.Geometry, field.Dlbm, Material.Solar, date, field.Village, field.Angle);
            var spot = AddSpot(change, field.Geometry, CountyOf(field.Village), "GF", date, "合法");
            spot.Pdyj = "光伏复合项目，光伏方阵用地不改变地表形态（自然资办发〔2023〕12号）";
        }

        for (var k = 0; k < 3; k++)
        {
            var picked = PickSite(l => Cropland(l) && l.Tbmj > 25_000, 140, 5);
            if (picked is not { } p)
            {
                continue;
            }

            var date = _rng.Date(new DateOnly(2021, 3, 1), new DateOnly(2023, 9, 30));
            var change = AddChange(p.Site, "1006", Material.RuralRoad, date, p.Field.Village, p.Field.Angle);
            var spot = AddSpot(change, p.Site, CountyOf(p.Field.Village), "ND", date, "合法");
            spot.Pdyj = "农村道路，属农用地，无需办理农用地转用";
        }
    }

    /// <summary>Quarrying: one unapproved pit in the red line of the south-east hill (R4 + red line), one known illegal pit outside it.</summary>
    private void BuildMining()
    {
        var inRedLine = _world.LandUse2019
            .Where(l => l.RedLine && !l.Reserved && !l.IsLinear && l.Dlbm is "0301" or "0305" or "0307" && l.Tbmj > 15_000 && !l.Cell!.Busy)
            .OrderBy(l => Dist2((16_300, 3_400), (l.Cell!.U, l.Cell.V)))
            .Select(l => (Field: l, Pit: RectIn(l, 110, 75)))
            .FirstOrDefault(x => x.Pit is not null);
        if (inRedLine.Pit is { } pit)
        {
            Reserve([inRedLine.Field]);
            var date = new DateOnly(2025, 8, 14);
            var change = AddChange(pit, "0602", Material.Quarry, date, inRedLine.Field.Village, inRedLine.Field.Angle);
            AddSpot(change, pit, CountyOf(inRedLine.Field.Village), "CK", date, scenario: "r4_mining_redline");
        }

        var picked = PickSite(l => !l.RedLine && l.Cell!.Hill > 0.5 && l.Dlbm is "0301" or "0307" or "0404", 100, 70);
        if (picked is { } p)
        {
            var date = _rng.Date(new DateOnly(2021, 5, 1), new DateOnly(2022, 10, 31));
            var change = AddChange(p.Site, "0602", Material.Quarry, date, p.Field.Village, p.Field.Angle);
            var county = CountyOf(p.Field.Village);
            var spot = AddSpot(change, p.Site, county, "CK", date, "违法");
            spot.Pdyj = "无采矿许可证、未取得用地批准手续";
            spot.Lah = CaseNumber(county, spot.Xfrq);
            spot.Zgzt = "已处罚（没收）";
        }
    }

    /// <summary>R10: spots that show no real change on the ground (judged 其他, field-checked).</summary>
    private void BuildFalseChanges()
    {
        string[] reasons =
        [
            "实地伪变化：大棚季节性覆膜",
            "实地伪变化：秸秆堆放",
            "实地伪变化：云影",
            "实地伪变化：耕地翻耕",
            "实地伪变化：农作物收割后地表裸露",
        ];
        for (var k = 0; k < 12; k++)
        {
            var picked = PickSite(l => Cropland(l), _rng.Range(40, 70), _rng.Range(30, 50));
            if (picked is not { } p)
            {
                continue;
            }

            var tblx = _rng.Pick(["20", "DT", "YH", "TD"]);
            var date = _rng.Date(new DateOnly(2021, 2, 1), new DateOnly(2025, 10, 31));
            var spot = AddSpot(null, p.Site, CountyOf(p.Field.Village), tblx, date, "其他", k == 0 ? "r10_false_change" : "");
            spot.Tz = "实地伪变化";
            spot.Pdyj = reasons[k % reasons.Length];
        }
    }

    /// <summary>Bare places for petitions with no spot (R12) and a planned acquisition (Z1).</summary>
    private void BuildPlaces()
    {
        foreach (var tag in new[] { "r12_no_spot", "r12_no_spot_b", "z1_planned_acquisition" })
        {
            var field = PickField(l => Cropland(l) && !l.Farmland, 8_000);
            if (field is null)
            {
                continue;
            }

            Reserve([field]);
            _scenarioPlaces[tag] = (field.Geometry.InteriorPoint, field.Village);
        }
    }

    // ---------------------------------------------------------------- facility agriculture (R8)

    private void BuildFacilities()
    {
        var serial = 0;
        FacilityRegistration Register(Geometry g, Township township, DateOnly date, string type)
        {
            serial++;
            var county = township.County;
            var f = new FacilityRegistration
            {
                Bah = $"{county.Short}设农备〔{date.Year}〕{NextSerial(_docSerials, county.Code + "设农" + date.Year, _rng.Int(1, 6))}号",
                Township = township,
                Date = date,
                Type = type,
                MappedDate = date.AddDays(_rng.Int(20, 90)),
                Geometry = Geo.Polygonal(g),
            };
            _world.Facilities.Add(f);
            return f;
        }

        foreach (var lp in _world.LandUse2019.Where(l => l.Dlbm == "1202" && !l.Reserved).Take(16).ToList())
        {
            lp.Reserved = true;
            Register(lp.Geometry, lp.Village.Township, _rng.Date(new DateOnly(2017, 3, 1), new DateOnly(2019, 9, 30)), _rng.Chance(0.7) ? "种植" : "养殖");
        }

        for (var k = 0; k < 14; k++)
        {
            var scenario = k switch { 0 => "r8_facility_registered", 1 => "r8_facility_on_farmland", _ => "" };
            var onFarmland = k == 1;
            var picked = PickSite(l => Cropland(l) && l.Farmland == onFarmland, 90, 40, wholeFieldBelow: 10_000);
            if (picked is not { } p)
            {
                continue;
            }

            var planting = k == 1 || _rng.Chance(0.6);
            var look = planting ? Material.Greenhouse : Material.LivestockSheds;
            var date = scenario.Length > 0 ? _rng.Date(new DateOnly(2024, 4, 1), new DateOnly(2025, 9, 30)) : _rng.Date(new DateOnly(2020, 3, 1), new DateOnly(2025, 9, 30));
            var registration = Register(p.Site, p.Field.Village.Township, date.AddDays(-_rng.Int(30, 120)), planting ? "种植" : "养殖");
            var change = AddChange(p.Site, "1202", look, date, p.Field.Village, p.Field.Angle);
            var spot = AddSpot(change, p.Site, CountyOf(p.Field.Village), "20", date, scenario: scenario);
            spot.Tz = "设施农业";
            if (scenario.Length == 0)
            {
                spot.Pdjg = "合法";
                spot.Pdyj = registration.Bah;
                spot.Hcrq = spot.Xfrq.AddDays(_rng.Int(10, 45));
            }
            else
            {
                registration.Scenario = scenario;
                _scenarioFacilities[scenario] = registration;
            }
        }
    }

    // ---------------------------------------------------------------- temporary land (R7)

    private TemporaryLand NewTemporary(Geometry g, County county, DateOnly start, DateOnly end, string purpose, bool longCycle, DateOnly? reclaimed)
    {
        var t = new TemporaryLand
        {
            Pzwh = $"{county.Short}自然资临〔{start.Year}〕{NextSerial(_docSerials, county.Code + "临" + start.Year, _rng.Int(1, 8))}号",
            Pzjg = county.Name + "自然资源局",
            Start = start,
            End = end,
            Purpose = purpose,
            LongCycle = longCycle,
            Reclaimed = reclaimed,
            Geometry = Geo.Polygonal(g),
        };
        _world.TemporaryLands.Add(t);
        return t;
    }

    /// <summary>
    /// Temporary land: yards of the new road (2 years, reclaimed; one expired and not reclaimed;
    /// one 4-year long-cycle yard at the bridge), geological drill sites, town project yards, one
    /// valid yard (2025–2027) and one yard with a permanent building.
    /// </summary>
    private void BuildTemporaryLands()
    {
        var road = _newRoadLine;
        var riverCrossing = road.Intersection(_riverLine).Coordinate;
        LandPolygon? NearRoad(double min, double max, Coordinate? near = null)
        {
            var env = road.EnvelopeInternal.Copy();
            env.ExpandBy(max);
            var candidates = _world.LandUse2019
                .Where(l => !l.IsLinear && !l.Reserved && l.Cell is { Zone: CellZone.Rural, Busy: false } && Cropland(l) && !l.Farmland && l.Tbmj > 6_000)
                .Where(l => l.Geometry.EnvelopeInternal.Intersects(env))
                .Where(l => l.Geometry.Distance(road) is var d && d >= min && d <= max)
                .ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            return near is null ? candidates[_rng.Int(0, candidates.Count)] : candidates.MinBy(l => l.Geometry.Distance(DemoFrame.Factory.CreatePoint(near)));
        }

        // Road yards 2021–2023: three reclaimed, one expired and not reclaimed (scenario).
        for (var k = 0; k < 4; k++)
        {
            LandPolygon? field = null;
            Polygon? yard = null;
            for (var attempt = 0; attempt < 30 && yard is null; attempt++)
            {
                field = NearRoad(5, 200);
                if (field is null)
                {
                    break;
                }

                yard = RectIn(field, 70, 45);
                field.Reserved |= yard is null;
            }

            if (field is null || yard is null)
            {
                continue;
            }

            Reserve([field]);
            var county = CountyOf(field.Village);
            var start = _rng.Date(new DateOnly(2021, 3, 1), new DateOnly(2021, 5, 31));
            var end = start.AddYears(2).AddDays(-1);
            var expired = k == 0;
            DateOnly? reclaimed = expired ? null : end.AddDays(_rng.Int(30, 150));
            var temp = NewTemporary(yard, county, start, end, "施工", false, reclaimed);
            var date = start.AddDays(_rng.Int(10, 30));
            var change = AddChange(yard, "1206", Material.Earthworks, date, field.Village, field.Angle, revert: reclaimed?.AddDays(-_rng.Int(10, 25)));
            var spot = AddSpot(change, yard, county, "DT", date, "合法", expired ? "r7_temporary_expired" : "");
            spot.Pdyj = temp.Pzwh;
            if (expired)
            {
                temp.Scenario = "r7_temporary_expired";
                _scenarioTemps["r7_temporary_expired"] = temp;
            }
        }

        // The 4-year yard of the river bridge (能源交通水利长周期项目, 实施条例 Art. 20).
        {
            var candidates = _world.LandUse2019
                .Where(l => !l.IsLinear && !l.Reserved && l.Cell is { Zone: CellZone.Rural, Busy: false } && Cropland(l) && !l.Farmland && l.Tbmj > 6_000)
                .OrderBy(l => l.Geometry.Centroid.Coordinate.Distance(riverCrossing))
                .Take(40);
            var (field, yard) = candidates.Select(l => (Field: l, Yard: RectIn(l, 80, 50))).FirstOrDefault(x => x.Yard is not null);
            if (field is not null && yard is not null)
            {
                Reserve([field]);
                var county = CountyOf(field.Village);
                var temp = NewTemporary(yard, county, new DateOnly(2022, 9, 1), new DateOnly(2026, 8, 31), "施工", true, null);
                var date = new DateOnly(2022, 9, 20);
                var change = AddChange(yard, "1206", Material.Hardened, date, field.Village, field.Angle);
                var spot = AddSpot(change, yard, county, "TD", date, "合法", "r7_temporary_long_cycle");
                spot.Pdyj = temp.Pzwh;
                _scenarioTemps["r7_temporary_long_cycle"] = temp;
            }
        }

        // Geological drill sites (地质勘查): small, short, reclaimed.
        for (var k = 0; k < 6; k++)
        {
            var picked = PickSite(l => l.Cell!.Hill > 0.3 && l.Dlbm is "0103" or "0404" or "0307", 30, 30);
            if (picked is not { } p)
            {
                continue;
            }

            var county = CountyOf(p.Field.Village);
            var start = _rng.Date(new DateOnly(2019, 12, 15), new DateOnly(2022, 6, 30));
            var end = start.AddMonths(_rng.Int(6, 19));
            var reclaimed = end.AddDays(_rng.Int(20, 120));
            var temp = NewTemporary(p.Site, county, start, end, "地质勘查", false, reclaimed);
            if (k < 3)
            {
                var date = start.AddDays(_rng.Int(5, 20));
                var change = AddChange(p.Site, "1206", Material.Earthworks, date, p.Field.Village, p.Field.Angle, revert: reclaimed.AddDays(-10));
                var spot = AddSpot(change, p.Site, county, "DT", date, "合法");
                spot.Pdyj = temp.Pzwh;
            }
        }

        // Yards of town projects, 2023–2025: two years each; the earlier ones reclaimed.
        for (var k = 0; k < 6; k++)
        {
            var picked = PickSite(l => Cropland(l) && !l.Farmland && Towns.Any(t => t.Metric(l.Cell!.U, l.Cell.V) < 2.1), 60, 40);
            if (picked is not { } p)
            {
                continue;
            }

            var county = CountyOf(p.Field.Village);
            var start = _rng.Date(new DateOnly(2023, 2, 1), new DateOnly(2024, 12, 31));
            var end = start.AddYears(2).AddDays(-1);
            DateOnly? reclaimed = end < new DateOnly(2025, 10, 1) ? end.AddDays(_rng.Int(20, 120)) : null;
            var temp = NewTemporary(p.Site, county, start, end, "施工", false, reclaimed);
            var date = start.AddDays(_rng.Int(10, 40));
            if (date > DemoFrame.SceneB && date < new DateOnly(2024, 1, 20))
            {
                date = new DateOnly(2024, 1, 20);
            }

            var change = AddChange(p.Site, "1206", Material.Earthworks, date, p.Field.Village, p.Field.Angle, revert: reclaimed is { } r && r < LastChange ? r.AddDays(-10) : null);
            var spot = AddSpot(change, p.Site, county, "DT", date, "合法");
            spot.Pdyj = temp.Pzwh;
        }

        // Scenario: a valid yard (2025-04 to 2027-03) with earthworks, not yet judged.
        {
            var picked = PickSite(l => Cropland(l) && !l.Farmland, 70, 45);
            if (picked is { } p)
            {
                var county = CountyOf(p.Field.Village);
                var temp = NewTemporary(p.Site, county, new DateOnly(2025, 4, 1), new DateOnly(2027, 3, 31), "施工", false, null);
                var date = new DateOnly(2025, 4, 22);
                var change = AddChange(p.Site, "1206", Material.Earthworks, date, p.Field.Village, p.Field.Angle);
                AddSpot(change, p.Site, county, "DT", date, scenario: "r7_temporary_valid");
                _scenarioTemps["r7_temporary_valid"] = temp;
            }
        }

        // Scenario: a yard (2022-03 to 2024-02) in which a permanent building went up (Art. 57).
        {
            var picked = PickSite(l => Cropland(l) && !l.Farmland, 80, 50);
            if (picked is { } p)
            {
                var county = CountyOf(p.Field.Village);
                var temp = NewTemporary(p.Site, county, new DateOnly(2022, 3, 1), new DateOnly(2024, 2, 29), "施工", false, null);
                var yardDate = new DateOnly(2022, 3, 18);
                var yard = AddChange(p.Site, "1206", Material.Earthworks, yardDate, p.Field.Village, p.Field.Angle);
                var yardSpot = AddSpot(yard, p.Site, county, "DT", yardDate, "合法");
                yardSpot.Pdyj = temp.Pzwh;
                var building = Geo.Rectangle(p.Site.Centroid.Coordinate, 28, 18, p.Field.Angle);
                var date = new DateOnly(2022, 9, 7);
                var change = AddChange(building, "0601", Material.NewBuildings, date, p.Field.Village, p.Field.Angle);
                AddSpot(change, building, county, "20", date, scenario: "r7_temporary_building");
                _scenarioTemps["r7_temporary_building"] = temp;
            }
        }
    }
}
