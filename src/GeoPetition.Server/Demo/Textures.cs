namespace GeoPetition.Server.Demo;

/// <summary>
/// The 256-colour palette of the imagery: index 0 is transparent; the rest are 16 families of 16
/// shades (dark → light), index = family × 16 + shade. Textures pick a family and a shade, so
/// rows of equal indices compress well and the tiles stay small.
/// </summary>
internal static class Palette
{
    public const int Asphalt = 0;
    public const int PaddyGreen = 1;
    public const int CropOchre = 2;
    public const int OrchardGreen = 3;
    public const int ForestGreen = 4;
    public const int Olive = 5;
    public const int GrassGreen = 6;
    public const int RiverWater = 7;
    public const int PondWater = 8;
    public const int RoofGrey = 9;
    public const int RoofRed = 10;
    public const int RoofBlue = 11;
    public const int White = 12;
    public const int EarthBrown = 13;
    public const int SoilTan = 14;
    public const int SolarNavy = 15;

    private static readonly (byte R, byte G, byte B, byte R2, byte G2, byte B2)[] Families =
    [
        (58, 60, 62, 226, 225, 220),
        (34, 66, 36, 150, 186, 112),
        (92, 86, 48, 226, 210, 140),
        (38, 72, 34, 138, 172, 92),
        (16, 38, 20, 82, 118, 62),
        (42, 62, 28, 142, 162, 92),
        (86, 106, 52, 196, 204, 134),
        (38, 62, 72, 124, 152, 158),
        (22, 52, 54, 92, 132, 122),
        (66, 72, 82, 206, 210, 214),
        (104, 50, 36, 214, 144, 112),
        (36, 76, 128, 156, 194, 228),
        (166, 166, 160, 252, 252, 248),
        (92, 66, 42, 204, 168, 122),
        (136, 116, 86, 230, 210, 176),
        (14, 18, 42, 74, 88, 124),
    ];

    /// <summary>PLTE bytes: 256 RGB triplets.</summary>
    public static readonly byte[] Rgb = BuildRgb();

    private static readonly byte[] Lut = BuildLut();

    private static byte[] BuildRgb()
    {
        var rgb = new byte[256 * 3];
        for (var f = 0; f < 16; f++)
        {
            var (r1, g1, b1, r2, g2, b2) = Families[f];
            for (var s = 0; s < 16; s++)
            {
                var t = s / 15.0;
                var i = (f * 16 + s) * 3;
                rgb[i] = (byte)Math.Round(r1 + (r2 - r1) * t);
                rgb[i + 1] = (byte)Math.Round(g1 + (g2 - g1) * t);
                rgb[i + 2] = (byte)Math.Round(b1 + (b2 - b1) * t);
            }
        }

        return rgb;
    }

    /// <summary>Nearest opaque palette entry for each colour of a 32×32×32 cube.</summary>
    private static byte[] BuildLut()
    {
        var lut = new byte[32 * 32 * 32];
        for (var r = 0; r < 32; r++)
        {
            for (var g = 0; g < 32; g++)
            {
                for (var b = 0; b < 32; b++)
                {
                    int rr = r * 8 + 4, gg = g * 8 + 4, bb = b * 8 + 4;
                    var best = 1;
                    var bestD = int.MaxValue;
                    for (var i = 1; i < 256; i++)
                    {
                        var dr = rr - Rgb[i * 3];
                        var dg = gg - Rgb[i * 3 + 1];
                        var db = bb - Rgb[i * 3 + 2];
                        var d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
                        if (d < bestD)
                        {
                            bestD = d;
                            best = i;
                        }
                    }

                    lut[(r << 10) | (g << 5) | b] = (byte)best;
                }
            }
        }

        return lut;
    }

    /// <summary>Palette index of a family and shade (shade clamped to 1…15 for family 0, 0…15 otherwise).</summary>
    public static byte Index(int family, int shade) => (byte)(family * 16 + Math.Clamp(shade, family == 0 ? 1 : 0, 15));

    /// <summary>The nearest opaque palette entry to an RGB colour.</summary>
    public static byte Nearest(int r, int g, int b) => Lut[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)];
}

/// <summary>
/// Satellite-like textures in world coordinates (local frame, metres), so they are seamless
/// across tiles: furrows on fields, crowns in forests, rows of trees in orchards, roofs in
/// settlements and towns, film stripes on greenhouses, brown blotches on earthworks.
/// </summary>
internal static class Textures
{
    public static byte Sample(Shape s, double x, double y, int season)
    {
        // a along the rows (polygon direction), b across.
        var a = x * s.Cos + y * s.Sin;
        var b = -x * s.Sin + y * s.Cos;
        var h = s.Hash;
        var variant = (int)(h % 16);
        var low = Noise.Value(x / 45, y / 45, 0x77u);
        switch (s.Material)
        {
            case Material.Paddy:
                {
                    var stripe = ((long)Math.Floor(b / 4)) & 1;
                    if (season == 0)
                    {
                        // November: harvested paddies, stubble in ochre; some with green winter crops.
                        return variant < 11
                            ? Palette.Index(Palette.CropOchre, 6 + variant % 4 + (int)stripe + (int)(low * 3))
                            : Palette.Index(Palette.PaddyGreen, 6 + variant % 3 + (int)stripe + (int)(low * 3));
                    }

                    return Palette.Index(Palette.PaddyGreen, 7 + variant % 4 + (int)stripe + (int)(low * 3));
                }

            case Material.DryCrop or Material.IrrigatedCrop:
                {
                    var stripe = ((long)Math.Floor(b / 3)) & 1;
                    if (season == 1 && variant < 5)
                    {
                        // Rapeseed in flower in March.
                        return Palette.Index(Palette.CropOchre, 12 + (int)stripe + (int)(low * 3));
                    }

                    return variant < 8
                        ? Palette.Index(Palette.PaddyGreen, 5 + variant % 5 + (int)stripe + (int)(low * 3))
                        : Palette.Index(Palette.EarthBrown, 7 + variant % 4 + (int)stripe + (int)(low * 3));
                }

            case Material.Orchard:
                {
                    var fa = Frac(a / 5) - 0.5;
                    var fb = Frac(b / 5) - 0.5;
                    return fa * fa + fb * fb < 0.12
                        ? Palette.Index(Palette.OrchardGreen, 4 + (int)(low * 4))
                        : Palette.Index(Palette.GrassGreen, 6 + (int)(low * 3));
                }

            case Material.Forest:
                return Palette.Index(Palette.ForestGreen, 2 + (int)(Noise.Fbm(x, y, 14, 2, 0x31u) * 11));

            case Material.Bamboo:
                return Palette.Index(Palette.Olive, 3 + (int)(Noise.Fbm(x, y, 10, 2, 0x32u) * 9));

            case Material.Shrub:
                return Palette.Index(Palette.Olive, 6 + (int)(Noise.Fbm(x, y, 16, 2, 0x33u) * 7));

            case Material.Grass:
                return Palette.Index(Palette.GrassGreen, 7 + (int)(Noise.Fbm(x, y, 30, 2, 0x34u) * 5));

            case Material.Park:
                return Noise.Fbm(x, y, 14, 2, 0x35u) > 0.55
                    ? Palette.Index(Palette.ForestGreen, 8 + (int)(low * 4))
                    : Palette.Index(Palette.GrassGreen, 9 + (int)(low * 3));

            case Material.River or Material.Ditch:
                return Palette.Index(Palette.RiverWater, 6 + (int)(Noise.Value(x / 80, y / 80, 0x36u) * 4));

            case Material.Pond:
                return Palette.Index(Palette.PondWater, 5 + (int)(low * 4));

            case Material.Homestead:
                return Houses(a, b, 18, 20, 0.6, Palette.RoofGrey, Palette.RoofRed, x, y);

            case Material.NewBuildings:
                return Buildings(a, b, 34, 26, h, Palette.RoofBlue, Palette.RoofGrey);

            case Material.UrbanResidential:
                return Buildings(a, b, 40, 26, h, Palette.White, Palette.RoofGrey);

            case Material.Commercial:
                return Buildings(a, b, 50, 40, h, Palette.White, Palette.RoofBlue);

            case Material.Industrial:
                return Buildings(a, b, 80, 60, h, Palette.RoofBlue, Palette.White);

            case Material.Public:
                return Buildings(a, b, 60, 45, h, Palette.RoofRed, Palette.White);

            case Material.Road:
                return Palette.Index(Palette.Asphalt, 6 + (int)(low * 2));

            case Material.TownStreet:
                return Palette.Index(Palette.Asphalt, 8 + (int)(low * 2));

            case Material.RuralRoad:
                return Palette.Index(Palette.Asphalt, 11 + (int)(low * 2));

            case Material.Ridge:
                return Palette.Index(Palette.GrassGreen, 5 + (int)(low * 3));

            case Material.Greenhouse:
                return Frac(b / 8) < 0.75 ? Palette.Index(Palette.White, 12 + (int)(low * 3)) : Palette.Index(Palette.White, 6);

            case Material.LivestockSheds:
                return Frac(b / 14) < 0.7 ? Palette.Index(Palette.RoofGrey, 10 + (int)(low * 3)) : Palette.Index(Palette.SoilTan, 8);

            case Material.Earthworks:
                return Palette.Index(Palette.EarthBrown, 5 + (int)(Noise.Fbm(x, y, 15, 2, 0x37u) * 10));

            case Material.RoadWorks:
                return Frac(b / 30) < 0.15
                    ? Palette.Index(Palette.SoilTan, 12)
                    : Palette.Index(Palette.EarthBrown, 7 + (int)(Noise.Fbm(x, y, 20, 2, 0x38u) * 7));

            case Material.BareSoil:
                return Palette.Index(Palette.SoilTan, 6 + (int)(Noise.Fbm(x, y, 20, 2, 0x39u) * 7));

            case Material.Quarry:
                return Palette.Index(Palette.White, 2 + (int)(Noise.Fbm(x, y, 12, 2, 0x3Au) * 10));

            case Material.Solar:
                return Frac(b / 7) < 0.7 ? Palette.Index(Palette.SolarNavy, 5 + (int)(low * 4)) : Palette.Index(Palette.GrassGreen, 7);

            case Material.Hardened:
                return Palette.Index(Palette.Asphalt, 11 + (int)(Noise.Fbm(x, y, 10, 2, 0x3Bu) * 4));

            default:
                return Palette.Index(Palette.SoilTan, 8);
        }
    }

    private static double Frac(double v) => v - Math.Floor(v);

    /// <summary>Detached houses on a grid (cells w × d metres), grey or brick roofs with a ridge, bamboo between.</summary>
    private static byte Houses(double a, double b, double w, double d, double density, int roof1, int roof2, double x, double y)
    {
        var ia = (int)Math.Floor(a / w);
        var ib = (int)Math.Floor(b / d);
        var fa = a - ia * w;
        var fb = b - ib * d;
        var hash = Noise.Hash(ia, ib, 0x4Du);
        if (hash % 100 < density * 100 && fa > 2 && fa < w - 4 && fb > 3 && fb < d - 5)
        {
            var family = hash % 10 < 7 ? roof1 : roof2;
            return Palette.Index(family, 8 + (int)(hash >> 20) % 3 + (fb < d / 2 - 1 ? 2 : -1));
        }

        if (fb >= d - 5 && fb < d - 2 && fa > 1 && fa < w - 2)
        {
            return Palette.Index(Palette.Asphalt, 10);
        }

        return Palette.Index(Palette.Olive, 3 + (int)(Noise.Fbm(x, y, 9, 2, 0x4Eu) * 8));
    }

    /// <summary>Large roofs on a grid (cells w × d metres) with ribs, on concrete ground.</summary>
    private static byte Buildings(double a, double b, double w, double d, uint polygonHash, int roof1, int roof2)
    {
        var ia = (int)Math.Floor(a / w);
        var ib = (int)Math.Floor(b / d);
        var fa = a - ia * w;
        var fb = b - ib * d;
        var hash = Noise.Hash(ia, ib, polygonHash);
        if (fa > w * 0.1 && fa < w * 0.9 && fb > d * 0.15 && fb < d * 0.85)
        {
            var family = hash % 10 < 6 ? roof1 : roof2;
            var rib = ((long)Math.Floor(fa / 2.5)) & 1;
            return Palette.Index(family, 9 + (int)(hash >> 24) % 3 + (int)rib);
        }

        return Palette.Index(Palette.Asphalt, 9 + (int)(hash % 2));
    }
}
