namespace GeoPetition.Server.Demo;

/// <summary>
/// The one source of randomness of the generator: a seeded <see cref="Random"/> (same seed, same
/// sequence) with a few helpers. Draws happen in a fixed order, so the output is reproducible.
/// </summary>
internal sealed class DemoRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>The seed this generator was created with (also used to salt <see cref="Noise"/>).</summary>
    public int Seed { get; } = seed;

    /// <summary>Uniform in [0, 1).</summary>
    public double Next() => _random.NextDouble();

    /// <summary>Uniform in [min, max).</summary>
    public double Range(double min, double max) => min + (max - min) * _random.NextDouble();

    /// <summary>Uniform integer in [min, maxExclusive).</summary>
    public int Int(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => _random.NextDouble() < p;

    /// <summary>One element, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One element, with the given weights.</summary>
    public T Weighted<T>(params (T Item, double Weight)[] items)
    {
        var total = items.Sum(i => i.Weight);
        var x = _random.NextDouble() * total;
        foreach (var (item, weight) in items)
        {
            x -= weight;
            if (x < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    /// <summary>A date uniformly between two dates (inclusive).</summary>
    public DateOnly Date(DateOnly from, DateOnly to) => from.AddDays(_random.Next(to.DayNumber - from.DayNumber + 1));

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>
/// Deterministic coordinate noise (hash-based value noise): the same inputs give the same value
/// on every run and every thread, so textures are seamless across tiles and zoom levels.
/// </summary>
internal static class Noise
{
    /// <summary>A 32-bit hash of two integers and a salt (avalanche mix of xxHash/murmur style).</summary>
    public static uint Hash(int x, int y, uint salt)
    {
        unchecked
        {
            var h = salt * 0x9E3779B1u + (uint)x * 0x85EBCA77u + (uint)y * 0xC2B2AE3Du;
            h ^= h >> 15;
            h *= 0x2C1B3C6Du;
            h ^= h >> 12;
            h *= 0x297A2D39u;
            h ^= h >> 15;
            return h;
        }
    }

    /// <summary>Hash of one integer.</summary>
    public static uint Hash(int x, uint salt) => Hash(x, 0x5bd1e995, salt);

    /// <summary>Hash mapped to [0, 1).</summary>
    public static double Unit(int x, int y, uint salt) => Hash(x, y, salt) / 4294967296.0;

    /// <summary>Smooth value noise in [0, 1) with a lattice of spacing 1.</summary>
    public static double Value(double x, double y, uint salt)
    {
        var xi = (int)Math.Floor(x);
        var yi = (int)Math.Floor(y);
        var fx = x - xi;
        var fy = y - yi;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        var a = Unit(xi, yi, salt);
        var b = Unit(xi + 1, yi, salt);
        var c = Unit(xi, yi + 1, salt);
        var d = Unit(xi + 1, yi + 1, salt);
        return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }

    /// <summary>Fractal value noise in about [0, 1): <paramref name="octaves"/> octaves, base wavelength <paramref name="scale"/>.</summary>
    public static double Fbm(double x, double y, double scale, int octaves, uint salt)
    {
        double sum = 0, amplitude = 1, norm = 0, f = 1 / scale;
        for (var i = 0; i < octaves; i++)
        {
            sum += amplitude * Value(x * f, y * f, salt + (uint)i * 101u);
            norm += amplitude;
            amplitude *= 0.5;
            f *= 2;
        }

        return sum / norm;
    }
}
