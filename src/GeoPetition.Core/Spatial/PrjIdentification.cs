namespace GeoPetition.Core.Spatial;

/// <summary>
/// Result of <see cref="CrsRegistry.IdentifyPrj(string)"/>: either the supported EPSG code the
/// .prj describes, or an error that says what was found and lists what is supported.
/// </summary>
/// <param name="Epsg">The identified EPSG code, or null on failure.</param>
/// <param name="Error">Why identification failed, or null on success.</param>
public sealed record PrjIdentification(int? Epsg, string? Error)
{
    /// <summary>True when <see cref="Epsg"/> holds a supported code.</summary>
    public bool Success => Epsg is not null && Error is null;

    /// <summary>A successful identification.</summary>
    public static PrjIdentification Found(int epsg) => new(epsg, null);

    /// <summary>A failed identification; the supported systems are appended to the message.</summary>
    public static PrjIdentification Failed(string error) =>
        new(null, $"{error}; supported are: {CrsRegistry.SupportedSummary}");
}
