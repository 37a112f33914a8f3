using GeoPetition.Server;
using GeoPetition.Server.Cli;

// Command-line use: `geopetition import …`, `geopetition demo generate`, `geopetition migrate`.
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGeoPetition();

var app = builder.Build();
app.UseGeoPetition();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that WebApplicationFactory can host it in tests.</summary>
public partial class Program;
