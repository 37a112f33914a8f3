namespace GeoPetition.Core.Spatial;

/// <summary>
/// Thrown when a coordinate reference system is not one of those in <see cref="CrsRegistry"/>.
/// The message names the requested code and lists the supported ones.
/// </summary>
public sealed class UnsupportedCrsException : Exception
{
    /// <summary>Creates the exception for an EPSG code.</summary>
    public UnsupportedCrsException(int epsg)
        : base($"unsupported CRS EPSG:{epsg}; supported are: {CrsRegistry.SupportedSummary}")
    {
        Epsg = epsg;
    }

    /// <summary>Creates the exception with a custom message (the list of supported systems is appended).</summary>
    public UnsupportedCrsException(string message)
        : base($"{message}; supported are: {CrsRegistry.SupportedSummary}")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public UnsupportedCrsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the generic message.</summary>
    public UnsupportedCrsException()
        : base($"unsupported CRS; supported are: {CrsRegistry.SupportedSummary}")
    {
    }

    /// <summary>The EPSG code that was asked for, when there was one.</summary>
    public int? Epsg { get; }
}
