using Npgsql;

namespace GeoPetition.Server.Endpoints;

/// <summary>Liveness (the process answers) and readiness (the database answers and is migrated).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new { status = "live" }));
        group.MapGet("/ready", Ready);
        return app;
    }

    private static async Task<IResult> Ready(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT postgis_lib_version(), (SELECT max(number) FROM schema_migration)");
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return TypedResults.Ok(new { status = "ready", postgis = reader.GetString(0), migration = reader.IsDBNull(1) ? 0 : reader.GetInt32(1) });
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return TypedResults.Problem(title: "Database not ready", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
