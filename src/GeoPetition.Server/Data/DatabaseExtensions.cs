using Npgsql;

namespace GeoPetition.Server.Data;

/// <summary>Registers the PostgreSQL data source (with NetTopologySuite types) and the stores.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// The connection string comes from <c>GEOPETITION_DB</c>, else <c>ConnectionStrings:GeoPetition</c>.
    /// The run script sets <c>GEOPETITION_DB</c> to the project-local cluster when neither is given.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration["GEOPETITION_DB"] is { Length: > 0 } env ? env
        : configuration.GetConnectionString("GeoPetition") is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException(
            "No database configured: set GEOPETITION_DB or ConnectionStrings:GeoPetition (the README's run command starts a project-local PostgreSQL and sets it for you).");

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public static IServiceCollection AddGeoPetitionDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => CreateDataSource(ConnectionString(configuration)));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<LayerStore>();
        return services;
    }
}
