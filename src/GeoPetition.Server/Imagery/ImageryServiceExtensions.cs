namespace GeoPetition.Server.Imagery;

/// <summary>Registers imagery serving.</summary>
public static class ImageryServiceExtensions
{
    /// <summary>
    /// Adds the scene store and the tile store. The tiles directory is <c>GeoPetition:TilesDir</c>,
    /// else the nearest folder named <c>tiles</c> at or above the content root.
    /// </summary>
    public static WebApplicationBuilder AddImagery(this WebApplicationBuilder builder)
    {
        Tiles.TileServiceExtensions.AddLayerCatalogCache(builder.Services);
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.Configure<ImageryOptions>(builder.Configuration.GetSection(ImageryOptions.Section));
        builder.Services.PostConfigure<ImageryOptions>(o => o.TilesDir =
            builder.Configuration["GeoPetition:TilesDir"] is { Length: > 0 } configured ? configured
            : ServerSetup.FindUp(contentRoot, "tiles") ?? Path.Combine(contentRoot, "tiles"));
        builder.Services.AddSingleton<ImageryStore>();
        builder.Services.AddSingleton<ImageryTileStore>();
        return builder;
    }
}
