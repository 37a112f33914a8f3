using NetTopologySuite.Geometries;

namespace GeoPetition.Bench.Generate;

/// <summary>
/// Shapes in local metres. Every one is valid by construction: grid cells are a planar partition
/// (neighbours compute their shared corners and edge points from the same hashed indices, so the
/// coordinates are bit-identical), blobs are star-shaped around their centre, and rectangles are
/// convex with small wiggles that taper to zero at the corners.
/// </summary>
internal static class Shapes
{
    /// <summary>
    /// Cell (i, j) of a jittered grid with spacing <paramref name="cell"/>: corners moved by up to
    /// ±<paramref name="cornerJitter"/>/2 in x and y, <paramref name="pointsPerEdge"/> points on each
    /// edge moved across it by up to ±<paramref name="edgeJitter"/>/2 (tapered towards the corners).
    /// Counter-clockwise, not closed.
    /// </summary>
    public static List<Coordinate> GridCell(ulong seed, int tag, int i, int j, double cell, double cornerJitter, double edgeJitter, int pointsPerEdge)
    {
        var ring = new List<Coordinate>(4 * (pointsPerEdge + 1));
        AddEdge(i, j, i + 1, j, horizontal: true, ei: i, ej: j, reverse: false);
        AddEdge(i + 1, j, i + 1, j + 1, horizontal: false, ei: i + 1, ej: j, reverse: false);
        AddEdge(i + 1, j + 1, i, j + 1, horizontal: true, ei: i, ej: j + 1, reverse: true);
        AddEdge(i, j + 1, i, j, horizontal: false, ei: i, ej: j, reverse: true);
        return ring;

        Coordinate Corner(int ci, int cj) => new(
            (ci * cell) + (cornerJitter * (Rng.Unit(seed, tag, 1, ci, cj) - 0.5)),
            (cj * cell) + (cornerJitter * (Rng.Unit(seed, tag, 2, ci, cj) - 0.5)));

        // The edge (ei, ej) is always parameterised from its lower-left end, so both cells that
        // share it compute the same points; a cell walking it backwards takes them in reverse.
        void AddEdge(int ai, int aj, int bi, int bj, bool horizontal, int ei, int ej, bool reverse)
        {
            var a = Corner(ai, aj);
            ring.Add(a);
            var (start, end) = reverse ? (Corner(bi, bj), a) : (a, Corner(bi, bj));
            for (var s = 1; s <= pointsPerEdge; s++)
            {
                var q = reverse ? pointsPerEdge + 1 - s : s;
                var t = (double)q / (pointsPerEdge + 1);
                var wiggle = edgeJitter * (Rng.Unit(seed, tag, horizontal ? 3 : 4, (ei * 64L) + q, ej) - 0.5) * Math.Sin(Math.PI * t);
                var x = start.X + ((end.X - start.X) * t);
                var y = start.Y + ((end.Y - start.Y) * t);
                ring.Add(horizontal ? new Coordinate(x, y + wiggle) : new Coordinate(x + wiggle, y));
            }
        }
    }

    /// <summary>
    /// A star-shaped blob of about <paramref name="area"/> m² around (cx, cy) with
    /// <paramref name="vertices"/> vertices: radius modulated by a few harmonics (total amplitude
    /// ≤ <paramref name="roughness"/> &lt; 1) and per-vertex noise of ±<paramref name="noise"/> (relative).
    /// Counter-clockwise.
    /// </summary>
    public static List<Coordinate> Blob(ref Rng rng, double cx, double cy, double area, int vertices, double roughness, double noise)
    {
        int[] frequencies = [2, 3, 5, 8, 13, 21];
        var amplitudes = new double[frequencies.Length];
        var phases = new double[frequencies.Length];
        for (var h = 0; h < frequencies.Length; h++)
        {
            amplitudes[h] = rng.Range(0, 1) / frequencies[h];
            phases[h] = rng.Range(0, 2 * Math.PI);
        }

        var sum = amplitudes.Sum();
        var radii = new double[vertices];
        for (var k = 0; k < vertices; k++)
        {
            var theta = 2 * Math.PI * k / vertices;
            var r = 1.0;
            for (var h = 0; h < frequencies.Length; h++)
            {
                r += roughness * amplitudes[h] / sum * Math.Sin((frequencies[h] * theta) + phases[h]);
            }

            radii[k] = r * (1 + rng.Range(-noise, noise));
        }

        // Scale so the polygon has the requested area: A = ½ Σ r_k r_{k+1} sin(2π/n).
        var unitArea = 0.0;
        for (var k = 0; k < vertices; k++)
        {
            unitArea += 0.5 * radii[k] * radii[(k + 1) % vertices] * Math.Sin(2 * Math.PI / vertices);
        }

        var scale = Math.Sqrt(area / unitArea);
        var ring = new List<Coordinate>(vertices);
        for (var k = 0; k < vertices; k++)
        {
            var theta = 2 * Math.PI * k / vertices;
            ring.Add(new Coordinate(cx + (scale * radii[k] * Math.Cos(theta)), cy + (scale * radii[k] * Math.Sin(theta))));
        }

        return ring;
    }

    /// <summary>
    /// A w × h rectangle centred on (cx, cy), rotated by <paramref name="angle"/> radians, with
    /// <paramref name="pointsPerEdge"/> points per edge wiggled by up to ±<paramref name="wiggle"/>/2
    /// (a surveyed boundary follows walls and ditches). Counter-clockwise.
    /// </summary>
    public static List<Coordinate> Rectangle(ref Rng rng, double cx, double cy, double w, double h, double angle, int pointsPerEdge, double wiggle)
    {
        (double X, double Y)[] corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)];
        var (sin, cos) = Math.SinCos(angle);
        var ring = new List<Coordinate>(4 * (pointsPerEdge + 1));
        for (var e = 0; e < 4; e++)
        {
            var (ax, ay) = corners[e];
            var (bx, by) = corners[(e + 1) % 4];
            var length = Math.Sqrt(((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay)));
            var (nx, ny) = ((by - ay) / length, -(bx - ax) / length);
            for (var s = 0; s <= pointsPerEdge; s++)
            {
                var t = (double)s / (pointsPerEdge + 1);
                var off = s == 0 ? 0 : wiggle * rng.Range(-0.5, 0.5) * Math.Sin(Math.PI * t);
                var x = ax + ((bx - ax) * t) + (nx * off);
                var y = ay + ((by - ay) * t) + (ny * off);
                ring.Add(new Coordinate(cx + (x * cos) - (y * sin), cy + (x * sin) + (y * cos)));
            }
        }

        return ring;
    }

    /// <summary>A regular polygon (a hole, a village footprint), clockwise.</summary>
    public static List<Coordinate> Hole(double cx, double cy, double radius, int vertices)
    {
        var ring = new List<Coordinate>(vertices);
        for (var k = vertices - 1; k >= 0; k--)
        {
            var theta = 2 * Math.PI * k / vertices;
            ring.Add(new Coordinate(cx + (radius * Math.Cos(theta)), cy + (radius * Math.Sin(theta))));
        }

        return ring;
    }
}
