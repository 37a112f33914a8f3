using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Npgsql;

namespace GeoPetition.Bench.Run;

/// <summary>What a measurement ran on: hardware, runtime, database, and the code's commit.</summary>
internal sealed record MachineFacts(List<(string Name, string Value)> Facts)
{
    public static async Task<MachineFacts> CollectAsync(NpgsqlDataSource dataSource)
    {
        var facts = new List<(string, string)>
        {
            ("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            ("CPU", $"{CpuModel()} — {Environment.ProcessorCount} logical CPUs (nproc)"),
            ("RAM", MemTotal()),
            ("OS", RuntimeInformation.OSDescription),
            (".NET", $"{RuntimeInformation.FrameworkDescription}, server GC {(GCSettings.IsServerGC ? "on" : "off")}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}, {Configuration()}"),
        };
        await using (var command = dataSource.CreateCommand(
            "SELECT version(), postgis_lib_version(), postgis_geos_version(), postgis_proj_version(), current_setting('shared_buffers'), current_setting('work_mem'), current_setting('jit'), current_setting('max_parallel_workers_per_gather')"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            facts.Add(("PostgreSQL", reader.GetString(0)));
            facts.Add(("PostGIS", $"{reader.GetString(1)} (GEOS {reader.GetString(2)}, PROJ {reader.GetString(3)})"));
            facts.Add(("PostgreSQL settings", $"shared_buffers {reader.GetString(4)}, work_mem {reader.GetString(5)}, jit {reader.GetString(6)}, max_parallel_workers_per_gather {reader.GetString(7)}; same machine, TCP on 127.0.0.1"));
        }

        facts.Add(("code", Git("rev-parse --short HEAD") is { Length: > 0 } head
            ? head + (Git("status --porcelain -- src bench/GeoPetition.Bench") is { Length: > 0 } ? " + uncommitted changes in src/bench" : "")
            : "unknown (not a git checkout)"));
        return new MachineFacts(facts);
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Configuration() =>
#if DEBUG
        "Debug build (numbers are not representative)";
#else
        "Release build";
#endif

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string MemTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return $"{kb / 1024.0 / 1024.0:0.0} GiB".Replace(',', '.');
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
        {
            return $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB available to .NET";
        }
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
