using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace GeoPetition.Server.Evidence;

/// <summary>What a photo's EXIF says about where and when it was taken (GPS in WGS 84, as EXIF records it).</summary>
public sealed record PhotoExif(double? Lon, double? Lat, DateTime? TakenAt, string? Camera);

/// <summary>Reads EXIF with MetadataExtractor (drewnoakes/metadata-extractor-dotnet).</summary>
public static class PhotoMetadata
{
    /// <summary>The EXIF of a JPEG or PNG file; throws <see cref="InvalidDataException"/> when the EXIF block is present but unreadable.</summary>
    public static PhotoExif Read(string path)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(path);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException or MetadataException)
        {
            throw new InvalidDataException($"the photo's metadata could not be read ({e.Message})", e);
        }

        // MetadataExtractor records damage as directory errors instead of throwing.
        var errors = directories.Where(d => d is ExifDirectoryBase or GpsDirectory or ErrorDirectory || d.Name.StartsWith("Exif", StringComparison.Ordinal))
            .SelectMany(d => d.Errors.Select(err => $"{d.Name}: {err}")).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"the photo's EXIF is damaged ({string.Join("; ", errors)})");
        }

        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        var location = gps?.GetGeoLocation();
        DateTime? taken = null;
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        if (sub is not null && sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var t))
        {
            taken = t;
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var camera = ifd0?.GetDescription(ExifDirectoryBase.TagModel);
        if (location is { } l && (!double.IsFinite(l.Latitude) || !double.IsFinite(l.Longitude) || Math.Abs(l.Latitude) > 90 || Math.Abs(l.Longitude) > 180))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the photo's EXIF GPS position {l.Latitude},{l.Longitude} is not a valid latitude/longitude"));
        }

        return new PhotoExif(location?.Longitude, location?.Latitude, taken, camera);
    }
}
