namespace GeoPetition.Viewer.Tests.Infrastructure;

/// <summary>Paths in the repository, found upward from the test binaries.</summary>
public static class Repository
{
    /// <summary>The folder holding GeoPetition.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built viewer: src/GeoPetition.Server/wwwroot (Vite output of src/GeoPetition.Viewer).</summary>
    public static string WebRoot => Path.Combine(Root, "src", "GeoPetition.Server", "wwwroot");

    /// <summary>Screenshots of the browser tests: $GEOPETITION_SCREENSHOTS, else tests/GeoPetition.Viewer.Tests/TestResults/screenshots.</summary>
    public static string ScreenshotDir { get; } = Environment.GetEnvironmentVariable("GEOPETITION_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(Root, "tests", "GeoPetition.Viewer.Tests", "TestResults", "screenshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GeoPetition.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"GeoPetition.sln not found above {AppContext.BaseDirectory}");
    }
}
