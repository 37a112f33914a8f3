namespace GeoPetition.Bench.Generate;

/// <summary>
/// Counter-based randomness (SplitMix64): every value is a pure function of the seed and of the
/// indices that name it (layer, feature, vertex…), so features can be generated in any order or in
/// parallel and still come out the same; a shared polygon edge is computed identically by both
/// neighbours.
/// </summary>
internal struct Rng
{
    private ulong _state;

    public Rng(ulong seed, long a, long b = 0, long c = 0) => _state = Hash(seed, a, b, c);

    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Hash(ulong seed, long a, long b = 0, long c = 0, long d = 0) =>
        Mix(Mix(Mix(Mix(seed ^ (ulong)a) ^ (ulong)b) ^ (ulong)c) ^ (ulong)d);

    /// <summary>A number in [0, 1) named by the seed and four indices.</summary>
    public static double Unit(ulong seed, long a, long b = 0, long c = 0, long d = 0) => (Hash(seed, a, b, c, d) >> 11) * (1.0 / (1UL << 53));

    public double NextDouble()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return (Mix(_state) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Uniform in [min, max).</summary>
    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Log-uniform in [min, max): small sizes as common as large ones per factor of ten.</summary>
    public double LogRange(double min, double max) => Math.Exp(Range(Math.Log(min), Math.Log(max)));

    /// <summary>Uniform integer in [min, max].</summary>
    public int Int(int min, int max) => min + (int)Math.Min(max - min, Math.Floor(NextDouble() * (max - min + 1)));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>One of the items, by weight.</summary>
    public T Pick<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = 0.0;
        foreach (var (_, w) in items)
        {
            total += w;
        }

        var x = NextDouble() * total;
        foreach (var (item, w) in items)
        {
            x -= w;
            if (x < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

    public DateOnly Date(DateOnly from, DateOnly to) => from.AddDays(Int(0, to.DayNumber - from.DayNumber));
}
