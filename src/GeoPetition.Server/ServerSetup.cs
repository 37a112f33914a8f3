using GeoPetition.Server.Auth;
using GeoPetition.Server.Cases;
using GeoPetition.Server.Data;
using GeoPetition.Server.Endpoints;
using GeoPetition.Server.Evidence;
using GeoPetition.Server.Imagery;
using GeoPetition.Server.Import;
using GeoPetition.Server.Ogc;
using GeoPetition.Server.Petitions;
using GeoPetition.Server.Tiles;
using Scalar.AspNetCore;

namespace GeoPetition.Server;

/// <summary>The server's table of contents: services, middleware and endpoints.</summary>
public static class ServerSetup
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddGeoPetition(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddProblemDetails();
        // Binding failures (a bad date, boolean or JSON body) become a 400 naming the field, never a 500.
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Enums (findings, outcomes, claim types, layer kinds) travel as their names.
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "GeoPetition API";
                doc.Info.Description = "Geospatial verification of natural-resources petitions (信访) against authoritative layers.";
                return Task.CompletedTask;
            });
            Auth.OpenApiSecurity.Add(o);
        });
        builder.Services.AddGeoPetitionDatabase(builder.Configuration);
        builder.Services.AddSingleton<ImportService>();
        builder.Services.AddSingleton<ManifestLoader>();
        builder.Services.AddGeoPetitionVerification(builder.Configuration);
        builder.Services.AddTiles(builder.Configuration);
        builder.Services.AddOgcFeatures();
        builder.AddImagery();
        builder.Services.AddCases(builder.Configuration);
        builder.AddGeoPetitionAuth();
        builder.Services.AddEvidence(builder.Configuration);
        return builder;
    }

    public static WebApplication UseGeoPetition(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseViewer();
        app.UseGeoPetitionAuth();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("GeoPetition API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapViewerEndpoints(app.Environment);
        app.MapHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapLayerEndpoints();
        app.MapPetitionEndpoints();
        app.MapJobEndpoints();
        app.MapTileEndpoints();
        app.MapOgcEndpoints();
        app.MapImageryEndpoints();
        app.UseCaseVersionHeaders();
        app.MapCaseEndpoints();
        app.MapLedgerEndpoints();
        app.MapStatisticsEndpoints();
        app.MapOpen311Endpoints();
        app.MapEvidenceEndpoints();
        return app;
    }

    /// <summary>Applies migrations; with <c>GeoPetition:LoadDemo=true</c>, loads the demo manifest into empty layers.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        var encrypted = await app.Services.GetRequiredService<PersonalDataProtector>().EncryptPendingAsync(
            app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), reencrypt: false, CancellationToken.None);
        if (encrypted > 0)
        {
            app.Logger.LogInformation("Petitioner data encrypted at rest: {Count} petitions filed before encryption", encrypted);
        }

        await app.BootstrapAsync();
        if (app.Configuration.GetValue<bool>("GeoPetition:LoadDemo"))
        {
            app.Logger.LogInformation("{Accounts}", await DemoAccounts.EnsureAsync(app.Services.GetRequiredService<AccountStore>(), CancellationToken.None));
            var manifest = app.Configuration["GeoPetition:DemoManifest"] ?? Path.Combine(ContentRootData(app), "demo", "manifest.json");
            await app.Services.GetRequiredService<ManifestLoader>().LoadAsync(manifest, onlyEmptyLayers: true, progress: null, CancellationToken.None);
            var petitions = Path.Combine(Path.GetDirectoryName(manifest)!, "petitions.json");
            if (File.Exists(petitions))
            {
                var (filed, _) = await app.Services.GetRequiredService<DemoPetitionLoader>().LoadAsync(petitions, verify: true, CancellationToken.None);
                app.Logger.LogInformation("Demo petitions filed and verified: {Count}", filed);
            }
        }
    }

    private static string ContentRootData(WebApplication app) =>
        app.Configuration["GeoPetition:DataDir"] ?? FindUp(app.Environment.ContentRootPath, "data") ?? "data";

    /// <summary>The nearest folder named <paramref name="name"/> in <paramref name="start"/> or above it.</summary>
    public static string? FindUp(string start, string name)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
