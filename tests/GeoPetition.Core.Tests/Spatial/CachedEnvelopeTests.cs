using GeoPetition.Core.Spatial;
using NetTopologySuite.IO;

namespace GeoPetition.Core.Tests.Spatial;

public sealed class CachedEnvelopeTests
{
    [Fact]
    public void The_cached_envelope_is_read_directly_and_equals_the_copy()
    {
        // Fails after an NTS upgrade that renames the field: the engine would still be right, only slower.
        Assert.True(CachedEnvelope.IsDirect);

        var reader = new WKTReader();
        foreach (var wkt in new[] { "POLYGON ((0 0, 10 0, 10 5, 0 5, 0 0))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 7, 5 5)))", "POLYGON EMPTY", "POINT (3 4)" })
        {
            var g = reader.Read(wkt);
            var first = CachedEnvelope.Of(g);
            Assert.Equal(g.EnvelopeInternal, first);
            Assert.Same(first, CachedEnvelope.Of(g));

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                _ = CachedEnvelope.Of(g);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
