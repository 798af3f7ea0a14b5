using System.Diagnostics;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;

namespace Memfun.Benchmarks.Sandbox;

/// <summary>
/// `dotnet run -c Release -- context`: binding a large context variable in a real bubblewrap kernel,
/// <c>SetVariableAsync</c> until the kernel has the value (median of five after a warm-up), in MB/s of UTF-8.
/// </summary>
public static class ContextProbe
{
    public static async Task RunAsync()
    {
        var project = Directory.CreateTempSubdirectory("memfun-bench-context-");
        try
        {
            await using var sandbox = await LocalSandbox.OpenAsync();
            var options = new SandboxOptions { ProjectRoot = project.FullName, MemoryMb = 2048, Timeout = TimeSpan.FromMinutes(2) };
            Console.WriteLine("| Value | SetVariableAsync (median of 5) | MB/s |");
            Console.WriteLine("|---|---:|---:|");
            foreach (var (label, value) in Values())
            {
                var handle = await sandbox.CreateAsync(options);
                var times = new List<double>();
                for (var round = 0; round < 6; round++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    await sandbox.SetVariableAsync(handle, "context", value);
                    stopwatch.Stop();
                    if (round > 0)
                    {
                        times.Add(stopwatch.Elapsed.TotalMilliseconds);
                    }
                }

                // Python counts code points.
                var check = await sandbox.ExecuteAsync(handle, "len(context)");
                if (check.Stdout.Trim() != value.EnumerateRunes().Count().ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException($"the kernel has {check.Stdout} {check.Error?.Message}");
                }

                await sandbox.DestroyAsync(handle);
                times.Sort();
                var median = times[times.Count / 2];
                var megabytes = System.Text.Encoding.UTF8.GetByteCount(value) / 1e6;
                Console.WriteLine($"| {label} | {median:0} ms | {megabytes / (median / 1000):0} |");
            }
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }

    private static IEnumerable<(string Label, string Value)> Values()
    {
        var line = "public int Compute(int x) => x * 2; // calls Helper.Run\n";
        yield return ("10 MB ASCII", Repeat(line, 10_000_000));
        yield return ("100 MB ASCII", Repeat(line, 100_000_000));
        yield return ("100 MB mixed (é, 日本, emoji)", Repeat("naïve café 日本語 テキスト 🙂 line\n", 100_000_000));
    }

    private static string Repeat(string unit, int bytes)
    {
        var count = bytes / System.Text.Encoding.UTF8.GetByteCount(unit);
        return string.Concat(Enumerable.Repeat(unit, count));
    }
}
