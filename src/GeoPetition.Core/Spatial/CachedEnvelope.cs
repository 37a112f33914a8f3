using System.Runtime.CompilerServices;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// A geometry's envelope without a copy. NTS 2.x caches each geometry's envelope but
/// <see cref="Geometry.EnvelopeInternal"/> returns a new copy on every call (JTS's defence against
/// callers that mutate it); the overlay asks for envelopes hundreds of thousands of times per
/// large verification, and those copies were a seventh of all it allocated. <see cref="Of"/> reads
/// the cached instance through an <see cref="UnsafeAccessorAttribute"/> on NTS's private field,
/// filling it the way NTS does; where that field does not exist (another NTS), it falls back to
/// <see cref="Geometry.EnvelopeInternal"/>, and a test fails so that the fallback is noticed.
/// </summary>
public static class CachedEnvelope
{
    /// <summary>True when NTS's cached envelope is read directly (else every call copies).</summary>
    public static readonly bool IsDirect = Probe();

    /// <summary>The envelope of <paramref name="g"/>, shared with the geometry: never modify it.</summary>
    public static Envelope Of(Geometry g)
    {
        if (!IsDirect)
        {
            return g.EnvelopeInternal;
        }

        ref var cached = ref Field(g);
        if (cached is null)
        {
            // Fills the cache (NTS computes it lazily, without a lock, as here).
            _ = g.EnvelopeInternal;
        }

        return cached ?? g.EnvelopeInternal;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_envelope")]
    private static extern ref Envelope? Field(Geometry g);

    private static bool Probe()
    {
        try
        {
            var point = GeometryFactory.Default.CreatePoint(new Coordinate(1, 2));
            _ = point.EnvelopeInternal;
            return Field(point) is { MinX: 1, MinY: 2, MaxX: 1, MaxY: 2 };
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }
}
