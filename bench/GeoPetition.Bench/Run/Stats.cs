using System.Globalization;

namespace GeoPetition.Bench.Run;

/// <summary>Latency samples of one measurement, in milliseconds, with nearest-rank percentiles.</summary>
internal sealed class Stats(string name)
{
    private readonly List<double> _ms = [];

    public string Name { get; } = name;

    public int Count => _ms.Count;

    public void Add(double ms) => _ms.Add(ms);

    public double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ms.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Max => _ms.Count == 0 ? double.NaN : _ms.Max();

    public double Mean => _ms.Count == 0 ? double.NaN : _ms.Average();

    public static string F(double v) => double.IsNaN(v) ? "—" : v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

    public string Row() => $"| {Name} | {Count} | {F(Percentile(50))} | {F(Percentile(95))} | {F(Percentile(99))} | {F(Max)} | {F(Mean)} |";

    public string Line() => $"{Name}: n={Count} p50={F(Percentile(50))} p95={F(Percentile(95))} p99={F(Percentile(99))} max={F(Max)} mean={F(Mean)} ms";
}
