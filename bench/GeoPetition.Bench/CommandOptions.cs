using System.Globalization;

namespace GeoPetition.Bench;

/// <summary>A command-line mistake: the message says which option and what is accepted.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The command and its <c>--name value</c> options (flags take no value).</summary>
internal sealed class CommandOptions
{
    public const string Usage = """
        usage:
          geopetition-bench generate --db <connection string> [--scale 1.0] [--seed 20261124] [--reset]
              Creates the migrated schema and the benchmark layers (1,000,000 polygons per large layer at
              scale 1) in the database. --reset empties every layer table of that database first.
          geopetition-bench run --db <connection string> [--iterations 200] [--warmup 150]
              [--large-iterations 20] [--large-warmup 15] [--seed 7] [--label text]
              [--out bench/verification/RESULTS.md] [--dump <directory>] [--threads <processor count>]
              Measures the engine against the raw SQL doing the same overlay, in one process and run,
              and appends the results to --out.
          geopetition-bench petition --db <connection string> --size 1000 --index <i> [--seed 7]
              Prints petition i of that size (metres) of a run as WKT (EPSG:4490), to reproduce one case.
          geopetition-bench compute --db <connection string> [--size 1000] [--from 0] [--count 30] [--repeat 3]
              [--seed 7] [--dump <directory>] [--each] [--threads <processor count>] [--warmup 100]
              [--large-warmup 12 (petitions of 2,500 ha, with --size 5000)]
              The engine alone over prefetched candidates of petitions from..from+count-1 (best of --repeat),
              with the result digest and the stack trace of every failure: for iterating on the engine.
        """;

    private static readonly HashSet<string> Flags = ["reset", "each"];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private CommandOptions(string command, string[] args)
    {
        Command = command;
        Args = args;
    }

    public string Command { get; }

    /// <summary>The arguments as given (for the record of how a result was produced).</summary>
    public string[] Args { get; }

    public static CommandOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("generate" or "run" or "petition" or "compute"))
        {
            throw new UsageException(args.Length == 0 ? "no command given; the commands are: generate, run, petition, compute" : $"unknown command '{args[0]}'; the commands are: generate, run, petition, compute");
        }

        var options = new CommandOptions(args[0], args);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{args[i]}'; options are written --name value");
            }

            var name = args[i][2..];
            if (Flags.Contains(name))
            {
                options._values[name] = "true";
            }
            else if (i + 1 < args.Length)
            {
                options._values[name] = args[++i];
            }
            else
            {
                throw new UsageException($"option --{name} needs a value");
            }
        }

        return options;
    }

    public string Db => Text("db") ?? Environment.GetEnvironmentVariable("GEOPETITION_DB")
        ?? throw new UsageException("--db <connection string> is required (scripts/db.sh start geopetition_bench prints one)");

    public string? Text(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public bool Flag(string name) => _values.ContainsKey(name);

    public int Int(string name, int fallback, int min = 0) =>
        Text(name) is not { } s ? fallback
        : int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min ? v
        : throw new UsageException($"--{name} must be an integer ≥ {min}, got '{s}'");

    public double Double(string name, double fallback, double min, double max) =>
        Text(name) is not { } s ? fallback
        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
        : throw new UsageException($"--{name} must be a number in [{min}, {max}], got '{s}'");

    /// <summary>The command line as typed, for the record (the connection string without secrets).</summary>
    public static string Redacted(string[] args) => string.Join(' ', args.Select((a, i) =>
        i > 0 && args[i - 1] == "--db" ? Quote(RedactPassword(a)) : a.Contains(' ', StringComparison.Ordinal) ? Quote(a) : a));

    private static string Quote(string s) => "\"" + s + "\"";

    private static string RedactPassword(string cs) => string.Join(';', cs.Split(';')
        .Where(p => !p.TrimStart().StartsWith("Include Error Detail", StringComparison.OrdinalIgnoreCase))
        .Select(p => p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : p));
}
