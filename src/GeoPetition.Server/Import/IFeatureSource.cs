using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Import;

/// <summary>One feature as read from a delivered file: 1-based record number, attributes, geometry in the source CRS, or why it could not be read.</summary>
public sealed record SourceFeature(long Record, IReadOnlyDictionary<string, object?> Attributes, Geometry? Geometry, string? Error = null);

/// <summary>
/// A streaming reader of one delivered data set. Reading is lazy: memory does not grow with the
/// file. Problems with the file as a whole throw <see cref="ImportFileException"/>.
/// </summary>
public interface IFeatureSource : IDisposable
{
    /// <summary>Format name for reports (ESRI Shapefile, GeoJSON, GeoJSONSeq, CSV).</summary>
    string Format { get; }

    /// <summary>Attribute names present in the data set (for a GeoJSON source: those of the first feature).</summary>
    IReadOnlyList<string> FieldNames { get; }

    /// <summary>The CRS the file itself declares (.prj, GeoJSON crs member), or null; an explicit option overrides it.</summary>
    int? DeclaredSrid { get; }

    /// <summary>The geometry family the file header declares (shapefile), or null.</summary>
    GeometryFamily? DeclaredFamily { get; }

    /// <summary>Record count if the header tells it (for progress), else null.</summary>
    long? Count { get; }

    /// <summary>Text encoding used for attributes, when the format has a choice.</summary>
    string? EncodingName { get; }

    IEnumerable<SourceFeature> Read(CancellationToken ct);
}

/// <summary>The file as a whole cannot be imported; the message says why and what is accepted.</summary>
public sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner);
