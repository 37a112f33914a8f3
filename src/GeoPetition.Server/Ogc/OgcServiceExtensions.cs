namespace GeoPetition.Server.Ogc;

/// <summary>Registers OGC API – Features.</summary>
public static class OgcServiceExtensions
{
    /// <summary>Adds the OGC feature store and the cached layer catalog it reads.</summary>
    public static IServiceCollection AddOgcFeatures(this IServiceCollection services)
    {
        Tiles.TileServiceExtensions.AddLayerCatalogCache(services);
        services.AddHttpContextAccessor();
        services.AddSingleton<OgcFeatureStore>();
        return services;
    }
}
