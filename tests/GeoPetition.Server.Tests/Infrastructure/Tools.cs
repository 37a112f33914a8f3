using System.Diagnostics;

namespace GeoPetition.Server.Tests.Infrastructure;

/// <summary>Runs the reference tools (ogr2ogr, ogrinfo, cs2cs) that tests use as independent oracles.</summary>
public static class Tools
{
    /// <summary>
    /// ogrinfo's listing (GDAL's MVT driver) of a vector tile, written to a temporary file for it;
    /// <paramref name="options"/> go before the path (e.g. <c>-so</c>, or <c>-oo X=…</c> for coordinates).
    /// </summary>
    public static string OgrInfoTile(byte[] tile, params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gp-{Guid.NewGuid():N}.mvt");
        File.WriteAllBytes(path, tile);
        try
        {
            return Run("ogrinfo", ["-ro", "-al", .. options, path]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs a program and returns its standard output; fails the test with stderr if it exits non-zero or is missing.</summary>
    public static string Run(string program, IEnumerable<string> arguments, string? stdin = null, int timeoutSeconds = 120)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed ({e.Message}); scripts/test.sh installs gdal-bin and proj-bin", e);
        }

        using (process)
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish in {timeoutSeconds} s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
            }

            return stdout.Result;
        }
    }

    /// <summary>The repository root (the folder with GeoPetition.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GeoPetition.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("GeoPetition.sln not found above the test binaries");
        }
    }
}
