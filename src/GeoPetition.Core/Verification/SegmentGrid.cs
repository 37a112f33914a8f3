namespace GeoPetition.Core.Verification;

/// <summary>
/// The segments of a ring (segment i from vertex i to vertex i + 1) indexed in a grid over the
/// ring's box: each segment is listed in every cell its box meets, in segment order, the lists
/// stored flat (cell starts and entries). Two segments whose boxes meet share a cell, and a query
/// box meets every cell of each segment whose box it meets, so walking the cells visits every
/// candidate; <see cref="FirstColumn"/> and <see cref="FirstRow"/> let a walk take each once. Used
/// by <see cref="PolygonClip"/> (its window's edges) and <see cref="SimplePolygon"/> (segment pairs).
/// </summary>
internal sealed class SegmentGrid
{
    private readonly double _minX;
    private readonly double _minY;
    private readonly double _cellWidth;
    private readonly double _cellHeight;
    private readonly int[] _starts;
    private readonly int[] _entries;
    private readonly int[] _firstColumn;
    private readonly int[] _firstRow;

    private SegmentGrid(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double minX, double minY, double width, double height, int columns, int rows, int[] starts)
    {
        var n = x.Length - 1;
        (_minX, _minY, Columns, Rows) = (minX, minY, columns, rows);
        (_cellWidth, _cellHeight) = (width / columns, height / rows);
        _starts = starts;
        _entries = new int[starts[^1]];
        _firstColumn = new int[n];
        _firstRow = new int[n];
        var next = (int[])starts.Clone();
        for (var i = 0; i < n; i++)
        {
            var (c0, c1, r0, r1) = SegmentCells(x, y, i);
            (_firstColumn[i], _firstRow[i]) = (c0, r0);
            for (var r = r0; r <= r1; r++)
            {
                for (var c = c0; c <= c1; c++)
                {
                    _entries[next[(r * columns) + c]++] = i;
                }
            }
        }
    }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>
    /// About as many square cells as segments (one cell for fewer than 16), horizontal strips of
    /// about four segments for a ring without width; null when the segments' boxes would take more
    /// than <paramref name="maxEntriesPerSegment"/> cells per segment on average (long segments).
    /// </summary>
    /// <param name="x">The ring's x coordinates, the first repeated at the end.</param>
    /// <param name="y">Its y coordinates.</param>
    public static SegmentGrid? Cells(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int maxEntriesPerSegment)
    {
        var n = x.Length - 1;
        var (minX, maxX, minY, maxY) = Bounds(x, y);
        var (width, height) = (maxX - minX, maxY - minY);
        var (columns, rows) = (1, 1);
        if (n >= 16 && width > 0 && height > 0)
        {
            var side = Math.Sqrt(width * height / n);
            (columns, rows) = (Math.Clamp((int)Math.Ceiling(width / side), 1, 1024), Math.Clamp((int)Math.Ceiling(height / side), 1, 1024));
        }
        else if (n >= 16 && height > 0)
        {
            rows = Math.Clamp(n / 4, 1, 4096);
        }

        var starts = Starts(x, y, minX, minY, width, height, columns, rows);
        return columns > 1 && starts[^1] > (long)maxEntriesPerSegment * n
            ? null
            : new SegmentGrid(x, y, minX, minY, width, height, columns, rows, starts);
    }

    /// <summary>Horizontal strips of about four segments (one for a small or flat ring).</summary>
    public static SegmentGrid Strips(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length - 1;
        var (minX, maxX, minY, maxY) = Bounds(x, y);
        var rows = maxY > minY ? Math.Clamp(n / 4, 1, 4096) : 1;
        var starts = Starts(x, y, minX, minY, maxX - minX, maxY - minY, 1, rows);
        return new SegmentGrid(x, y, minX, minY, maxX - minX, maxY - minY, 1, rows, starts);
    }

    /// <summary>The cell column of an x, clamped to the grid (the same function for segments and queries).</summary>
    public int Column(double v) => Cell(v, _minX, _cellWidth, Columns);

    /// <summary>The cell row of a y, clamped to the grid.</summary>
    public int Row(double v) => Cell(v, _minY, _cellHeight, Rows);

    /// <summary>The segments listed in a cell, in ascending order.</summary>
    public ReadOnlySpan<int> Segments(int column, int row)
    {
        var cell = (row * Columns) + column;
        return _entries.AsSpan(_starts[cell], _starts[cell + 1] - _starts[cell]);
    }

    /// <summary>The first column of segment i's cells.</summary>
    public int FirstColumn(int i) => _firstColumn[i];

    /// <summary>The first row of segment i's cells.</summary>
    public int FirstRow(int i) => _firstRow[i];

    private static (double MinX, double MaxX, double MinY, double MaxY) Bounds(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (minX, maxX, minY, maxY) = (double.MaxValue, double.MinValue, double.MaxValue, double.MinValue);
        for (var i = 0; i < x.Length; i++)
        {
            (minX, maxX) = (Math.Min(minX, x[i]), Math.Max(maxX, x[i]));
            (minY, maxY) = (Math.Min(minY, y[i]), Math.Max(maxY, y[i]));
        }

        return (minX, maxX, minY, maxY);
    }

    /// <summary>Where each cell's entries start in a grid of that layout (the last element: all entries).</summary>
    private static int[] Starts(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double minX, double minY, double width, double height, int columns, int rows)
    {
        var (cellWidth, cellHeight) = (width / columns, height / rows);
        var starts = new int[(columns * rows) + 1];
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var (c0, c1) = (Cell(Math.Min(x[i], x[i + 1]), minX, cellWidth, columns), Cell(Math.Max(x[i], x[i + 1]), minX, cellWidth, columns));
            var (r0, r1) = (Cell(Math.Min(y[i], y[i + 1]), minY, cellHeight, rows), Cell(Math.Max(y[i], y[i + 1]), minY, cellHeight, rows));
            for (var r = r0; r <= r1; r++)
            {
                for (var c = c0; c <= c1; c++)
                {
                    starts[(r * columns) + c + 1]++;
                }
            }
        }

        for (var k = 1; k < starts.Length; k++)
        {
            starts[k] += starts[k - 1];
        }

        return starts;
    }

    private (int C0, int C1, int R0, int R1) SegmentCells(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int i) =>
        (Column(Math.Min(x[i], x[i + 1])), Column(Math.Max(x[i], x[i + 1])), Row(Math.Min(y[i], y[i + 1])), Row(Math.Max(y[i], y[i + 1])));

    private static int Cell(double v, double min, double size, int count) =>
        count == 1 || size <= 0 ? 0 : Math.Clamp((int)Math.Floor((v - min) / size), 0, count - 1);
}
