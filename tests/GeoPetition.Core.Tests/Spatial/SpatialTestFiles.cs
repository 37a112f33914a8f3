using System.Runtime.CompilerServices;

namespace GeoPetition.Core.Tests.Spatial;

/// <summary>
/// Locates the data files of the spatial tests (tests/GeoPetition.Core.Tests/Spatial/Data). They
/// are read from the source tree, next to this file, so they need no copy-to-output entry.
/// </summary>
internal static class SpatialTestFiles
{
    public static string DataDirectory => Path.Combine(ThisDirectory(), "Data");

    public static string DataPath(params string[] parts) => Path.Combine([DataDirectory, .. parts]);

    public static string ReadAllText(params string[] parts)
    {
        var path = DataPath(parts);
        Assert.True(File.Exists(path), $"test data file missing: {path}");
        return File.ReadAllText(path);
    }

    private static string ThisDirectory([CallerFilePath] string file = "") =>
        Path.GetDirectoryName(file) ?? throw new InvalidOperationException("no caller file path");
}
