using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace GeoPetition.Core.Tests.Spatial;

/// <summary>
/// Runs PROJ's <c>cs2cs</c> as the reference for coordinate transforms: all points of one system
/// in one process call (one "x y" line each on stdin). The tests FAIL, not skip, when cs2cs is
/// missing: CI installs proj-bin.
/// </summary>
internal static class Cs2cs
{
    /// <summary>Transforms pairs; returns the first two numbers of each output line.</summary>
    public static IReadOnlyList<(double A, double B)> Run(IEnumerable<string> arguments, IReadOnlyList<(double A, double B)> input)
    {
        var startInfo = new ProcessStartInfo("cs2cs")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-f");
        startInfo.ArgumentList.Add("%.10f");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("cs2cs did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "PROJ's cs2cs was not found on PATH; it is the reference for the reprojection tests. Install it (Debian/Ubuntu: apt-get install proj-bin).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            foreach (var (a, b) in input)
            {
                process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a:R} {b:R}"));
            }

            process.StandardInput.Close();
            process.WaitForExit();
            var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(process.ExitCode == 0 && lines.Length == input.Count,
                $"cs2cs {string.Join(' ', startInfo.ArgumentList)} failed (exit {process.ExitCode}, {lines.Length} lines for {input.Count} points): {stderr.Result}");
            return lines.Select(Parse).ToList();
        }
    }

    private static (double A, double B) Parse(string line)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fields.Length >= 2, $"unexpected cs2cs output line '{line}'");
        return (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
