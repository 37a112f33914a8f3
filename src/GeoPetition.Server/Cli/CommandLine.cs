using System.Globalization;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Data;
using GeoPetition.Server.Import;

namespace GeoPetition.Server.Cli;

/// <summary>
/// Command-line use of the server binary, sharing its services and configuration:
/// <code>
/// geopetition migrate
/// geopetition import --layer ID [--kind KIND] [--crs EPSG:4523] [--encoding GBK] [--accept-partial] FILE...
/// geopetition import --manifest data/demo/manifest.json [--only-empty]
/// geopetition verify --jurisdiction 510991 | --batch 2026年第1批 [--as-of YYYY-MM-DD]
/// geopetition demo generate [--data data] [--tiles tiles] [--seed N]
/// geopetition admin create --username NAME --role ROLE --unit CODE [--name "Display name"]   (password from GEOPETITION_PASSWORD or stdin)
/// geopetition admin password --username NAME                                              (same)
/// geopetition admin demo-users
/// geopetition admin reencrypt
/// geopetition evidence verify PACKAGE.zip
/// </code>
/// </summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["migrate", "import", "verify", "demo", "admin", "evidence", "help", "--help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args[0])
        {
            case "demo":
                return await Demo.DemoCommand.RunAsync(args[1..]);
            case "evidence":
                // Offline: no database, no configuration.
                return await Evidence.PackageCheck.RunAsync(args[1..], Console.Out, Console.Error);
            case "help" or "--help":
                Console.WriteLine(Usage);
                return 0;
        }

        var builder = WebApplication.CreateBuilder(Array.Empty<string>());
        builder.Logging.ClearProviders();
        builder.AddGeoPetition();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
        return args[0] switch
        {
            "migrate" => 0,
            "import" => await ImportAsync(app.Services, args[1..]),
            "verify" => await VerifyAsync(app.Services, args[1..]),
            "admin" => await AdminAsync(app.Services, args[1..]),
            _ => Fail(Usage),
        };
    }

    private const string Usage = """
        usage:
          geopetition                       run the server (http://127.0.0.1:5080 unless --urls is given)
          geopetition migrate               apply database migrations
          geopetition import --layer ID [--kind KIND] [--crs EPSG:4523] [--encoding GBK] [--accept-partial] FILE...
          geopetition import --manifest data/demo/manifest.json [--only-empty]
          geopetition verify --jurisdiction 510991 | --batch 2026年第1批 [--as-of YYYY-MM-DD]
          geopetition demo generate [--data data] [--tiles tiles] [--seed N]
          geopetition admin create --username NAME --role ROLE --unit CODE [--name "Display name"]
                                            create an account (the first administrator: --role administrator --unit 000000);
                                            the password is read from GEOPETITION_PASSWORD or the first line of stdin
          geopetition admin password --username NAME      set a new password (same source)
          geopetition admin demo-users                    create the demo accounts (every role in 510991 and 510992)
          geopetition admin reencrypt                     move petitioner data to GeoPetition:PersonalData:CurrentKey
        roles: registrar, case_officer, lead_official, supervisor, auditor, administrator
          geopetition evidence verify PACKAGE.zip   check an evidence package offline against its manifest
        The database is GEOPETITION_DB or ConnectionStrings:GeoPetition.
        """;

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string[] args)
    {
        string? layerId = null, kindText = null, crsText = null, encoding = null, manifest = null;
        var acceptPartial = false;
        var onlyEmpty = false;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--layer": layerId = Next(); break;
                case "--kind": kindText = Next(); break;
                case "--crs": crsText = Next(); break;
                case "--encoding": encoding = Next(); break;
                case "--manifest": manifest = Next(); break;
                case "--accept-partial": acceptPartial = true; break;
                case "--only-empty": onlyEmpty = true; break;
                default: files.Add(args[i]); break;
            }
        }

        var store = services.GetRequiredService<LayerStore>();
        if (manifest is not null)
        {
            var outcomes = await services.GetRequiredService<ManifestLoader>().LoadAsync(manifest, onlyEmpty, ProgressBar.For, CancellationToken.None);
            foreach (var o in outcomes)
            {
                PrintOutcome(o);
            }

            return outcomes.All(o => o.Committed) ? 0 : 1;
        }

        if (layerId is null || files.Count == 0)
        {
            return Fail(Usage);
        }

        int? crs = null;
        if (crsText is not null)
        {
            if (!CrsRegistry.TryParseCrs(crsText, out var epsg) || !CrsRegistry.IsSupported(epsg))
            {
                return Fail($"--crs {crsText} is not supported; supported: {CrsRegistry.SupportedSummary}");
            }

            crs = epsg;
        }

        var layer = await store.GetAsync(layerId, CancellationToken.None);
        if (layer is null)
        {
            if (kindText is null || !Enum.TryParse<LayerKind>(kindText, true, out var kind))
            {
                return Fail($"layer '{layerId}' does not exist; give --kind to create it, one of: {string.Join(", ", LayerKinds.All.Select(k => k.Kind))}");
            }

            await store.EnsureAsync(layerId, kind, LayerKinds.Get(kind).TitleZh, CancellationToken.None);
            layer = (await store.GetAsync(layerId, CancellationToken.None))!;
        }

        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            return Fail($"file(s) not found: {string.Join(", ", missing)}");
        }

        var outcome = await services.GetRequiredService<ImportService>().ImportAsync(
            layer, files.Select(Path.GetFullPath).ToList(), Path.GetFileName(files[0]), new ImportOptions(crs, encoding, null, acceptPartial),
            ProgressBar.For(layerId), CancellationToken.None);
        PrintOutcome(outcome);
        return outcome.Committed ? 0 : 1;
    }

    private static async Task<int> AdminAsync(IServiceProvider services, string[] args)
    {
        var accounts = services.GetRequiredService<Auth.AccountStore>();
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string? Password()
        {
            var password = Environment.GetEnvironmentVariable("GEOPETITION_PASSWORD") is { Length: > 0 } p ? p : Console.In.ReadLine();
            return password is { Length: >= 10 } ? password : null;
        }

        switch (args.FirstOrDefault())
        {
            case "create":
                {
                    var (username, role, unit) = (Option("--username")?.ToLowerInvariant(), Option("--role"), Option("--unit"));
                    if (!Auth.AccountStore.IsValidUsername(username) || role is null || !Auth.Roles.All.Contains(role) || unit is null || !JurisdictionScope.IsValidCode(unit))
                    {
                        return Fail(Usage);
                    }

                    if (Password() is not { } password)
                    {
                        return Fail("the password (GEOPETITION_PASSWORD or stdin) must have at least 10 characters");
                    }

                    var created = await accounts.CreateAccountAsync(username!, Option("--name") ?? username!, role, unit, password, CancellationToken.None);
                    if (created is null)
                    {
                        return Fail($"an account named '{username}' exists already (use `admin password` to reset its password)");
                    }

                    Console.WriteLine($"account {created.Username}: {created.Role} of {created.Unit}");
                    return 0;
                }

            case "password":
                return Option("--username") is { } user && Password() is { } newPassword
                    ? await accounts.SetPasswordAsync(user.ToLowerInvariant(), newPassword, CancellationToken.None) ? 0 : Fail($"no account '{user}'")
                    : Fail("give --username and a password of at least 10 characters (GEOPETITION_PASSWORD or stdin)");

            case "demo-users":
                Console.WriteLine(await Auth.DemoAccounts.EnsureAsync(accounts, CancellationToken.None));
                return 0;

            case "reencrypt":
                {
                    var protector = services.GetRequiredService<Auth.PersonalDataProtector>();
                    if (!protector.Configured)
                    {
                        return Fail(new Auth.PersonalDataKeyMissingException().Message);
                    }

                    var count = await protector.EncryptPendingAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), reencrypt: true, CancellationToken.None);
                    Console.WriteLine($"{count} petitions now under key '{protector.CurrentKey}'");
                    return 0;
                }

            default:
                return Fail(Usage);
        }
    }

    private static async Task<int> VerifyAsync(IServiceProvider services, string[] args)
    {
        string? jurisdiction = null, batch = null;
        DateOnly? asOf = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--jurisdiction": jurisdiction = args[i + 1]; break;
                case "--batch": batch = args[i + 1]; break;
                case "--as-of": asOf = DateOnly.ParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                default: return Fail(Usage);
            }
        }

        if ((jurisdiction is null) == (batch is null))
        {
            return Fail("give exactly one of --jurisdiction CODE or --batch NAME");
        }

        var jobs = services.GetRequiredService<Petitions.VerificationJobs>();
        var id = await jobs.EnqueueAsync(new Petitions.BatchVerification(jurisdiction, batch, asOf, null), CancellationToken.None);
        var bar = ProgressBar.For("verify");
        await jobs.RunAsync(id, bar is null ? null : new Progress<(int Done, int Total)>(p => Console.Error.Write($"\rverify: {p.Done}/{p.Total}")), CancellationToken.None);
        var job = (await jobs.GetAsync(id, CancellationToken.None))!;
        Console.Error.WriteLine();
        Console.WriteLine($"job {job.Id}: {job.State}, {job.Done} verified, {job.Failed} failed; findings {job.Summary}");
        return job.Failed == 0 ? 0 : 1;
    }

    private static void PrintOutcome(ImportOutcome o)
    {
        var r = o.Report;
        Console.Error.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{o.LayerId}: {(o.Committed ? $"version {o.VersionId} is current" : "NOT loaded; the previous version is unchanged")} — read {r.Read}, accepted {r.Accepted}, repaired {r.Repaired}, rejected {r.Rejected} ({o.Format}, EPSG:{o.SourceCrs}, {o.Encoding}, sha256 {o.SourceSha256[..12]}…)"));
        foreach (var e in r.Errors)
        {
            Console.WriteLine($"  error: {e}");
        }

        foreach (var w in r.Warnings)
        {
            Console.WriteLine($"  warning: {w}");
        }

        foreach (var n in r.Notes.Take(20))
        {
            Console.WriteLine($"  record {n.Record} ({n.Key}): {n.Outcome}: {n.Reason}");
        }

        if (r.Notes.Count > 20)
        {
            Console.WriteLine($"  … {r.Notes.Count - 20} more notes (see GET /api/layers/{o.LayerId}/versions)");
        }
    }
}

/// <summary>A one-line progress display on stderr for long imports.</summary>
internal sealed class ProgressBar(string label) : IProgress<long>
{
    public static IProgress<long>? For(string label) => Console.IsErrorRedirected ? null : new ProgressBar(label);

    public void Report(long value) => Console.Error.Write($"\r{label}: {value,10:N0} features read");
}
