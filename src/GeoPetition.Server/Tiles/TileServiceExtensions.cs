using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeoPetition.Server.Tiles;

/// <summary>Registers vector tiles and the cached layer catalog that all map serving reads.</summary>
public static class TileServiceExtensions
{
    /// <summary>Adds <see cref="TileService"/>, the layer and petition tile providers and <see cref="LayerCatalogCache"/>.</summary>
    public static IServiceCollection AddTiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLayerCatalogCache();
        services.Configure<TileOptions>(configuration.GetSection(TileOptions.Section));
        services.AddSingleton<ITileSourceProvider, LayerTileSourceProvider>();
        services.AddSingleton<ITileSourceProvider, PetitionTileSourceProvider>();
        services.AddSingleton<TileService>();
        return services;
    }

    /// <summary>Adds the cached layer catalog and its change listener once, whoever asks first.</summary>
    public static IServiceCollection AddLayerCatalogCache(this IServiceCollection services)
    {
        services.TryAddSingleton<LayerCatalogCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LayerCatalogCache>(sp => sp.GetRequiredService<LayerCatalogCache>()));
        return services;
    }
}
