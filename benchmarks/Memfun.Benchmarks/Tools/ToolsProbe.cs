using System.Diagnostics;
using System.Globalization;
using Memfun.Core.Processes;
using Memfun.Tools;
using Memfun.Tools.RepoMap;
using Memfun.Tools.Search;
using ModelContextProtocol.Client;

namespace Memfun.Benchmarks.Tools;

/// <summary>
/// Tools benchmarks in one run on one repository: our ripgrep search vs rg directly, the repository map cold and
/// warm vs <c>ctags -R</c> alone, and the MCP tool-call round-trip over stdio to the built <c>memfun mcp serve</c>.
/// </summary>
internal static class ToolsProbe
{
    public static async Task RunAsync(string[] args)
    {
        // tools [repository|-] [search] [map] [mcp]: all sections by default.
        var sections = args.Skip(1).ToHashSet(StringComparer.Ordinal);
        bool Run(string section) => sections.Count == 0 || sections.Contains(section);
        var root = args.Length > 0 && args[0] != "-" ? Path.GetFullPath(args[0]) : GeneratedRepository.Create(Path.Combine(Path.GetTempPath(), "memfun-bench-repo"), 5000);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count();
        var bytes = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"Repository: {root} ({files} files, {bytes / 1024 / 1024} MiB)");
        var context = new ToolContext { ProjectRoot = root, MaxSearchResults = 1_000_000, ProcessTimeout = TimeSpan.FromMinutes(5), CacheDirectory = Path.Combine(Path.GetTempPath(), "memfun-bench-cache") };

        if (Run("search"))
        {
            await SearchAsync(context, "Service04217", "selective literal");
            await SearchAsync(context, @"TODO: review the arithmetic of step 1\d", "regex, many matches");
        }

        if (Run("map"))
        {
            await RepoMapAsync(context);
        }

        if (Run("mcp"))
        {
            await RoundTripAsync(root);
        }
    }

    private static async Task SearchAsync(ToolContext context, string pattern, string label)
    {
        // Interleaved runs, so load from other processes on the machine hits all three alike.
        var search = new SearchTools(context);
        var matches = 0;
        var timings = await InterleavedMediansAsync(
            9,
            async () => matches = (await search.SearchAsync(pattern, cancellationToken: CancellationToken.None)).MatchCount,
            () => RunAsync(context.ProjectRoot, "rg", "--json", "--no-config", "--max-columns", "2000", "--regexp", pattern, "--", "."),
            () => RunAsync(context.ProjectRoot, "rg", "-n", "--no-config", "--regexp", pattern, "--", "."));
        var (ours, rgJson, rgPlain) = (timings[0], timings[1], timings[2]);
        Console.WriteLine($"search [{label}] ({matches} matches): ours {Ms(ours)} | rg --json {Ms(rgJson)} | rg -n {Ms(rgPlain)} | speed vs rg --json {rgJson / ours:0.00} | vs rg -n {rgPlain / ours:0.00}");
    }

    private static async Task<double[]> InterleavedMediansAsync(int runs, params Func<Task>[] actions)
    {
        var times = actions.Select(_ => new List<double>()).ToArray();
        foreach (var action in actions)
        {
            await action();
        }

        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await actions[i]();
                times[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return [.. times.Select(t => t.Order().ElementAt(runs / 2))];
    }

    private static async Task RepoMapAsync(ToolContext context)
    {
        Directory.CreateDirectory(context.CacheDirectory!);
        var cache = Path.Combine(context.CacheDirectory!, "repomap.bin");
        // Interleaved, so load from other processes on the machine hits ctags and the cold map alike.
        var coldTimings = await InterleavedMediansAsync(
            3,
            () => RunAsync(context.ProjectRoot, "ctags", "-R", "--output-format=json", "--fields=+n", "-f", "-", "."),
            async () =>
            {
                File.Delete(cache);
                using var builder = new RepoMapBuilder(context);
                await builder.BuildAsync(new RepoMapRequest { Identifiers = ["Service00042"] });
            });
        var (ctags, cold) = (coldTimings[0], coldTimings[1]);
        var warmDisk = await MedianAsync(5, async () =>
        {
            using var builder = new RepoMapBuilder(context);
            var result = await builder.BuildAsync(new RepoMapRequest { Identifiers = ["Service00042"] });
            if (result.FilesReanalysed != 0)
            {
                throw new InvalidOperationException("warm run re-analysed files");
            }
        });
        var fresh = 0;
        var warmDiskNewQuestion = await MedianAsync(5, async () =>
        {
            using var builder = new RepoMapBuilder(context);
            await builder.BuildAsync(new RepoMapRequest { Identifiers = [$"Service{++fresh * 89:D5}"] });
        });
        using var shared = new RepoMapBuilder(context);
        await shared.BuildAsync(new RepoMapRequest());
        var warmMemory = await MedianAsync(5, () => shared.BuildAsync(new RepoMapRequest { Identifiers = ["Service00042"] }));
        var question = 0;
        var warmNewQuestion = await MedianAsync(5, () => shared.BuildAsync(new RepoMapRequest { Identifiers = [$"Service{++question * 97:D5}"] }));
        Console.WriteLine($"repo map: ctags -R {Ms(ctags)} | cold {Ms(cold)} | warm, new builder (cache file), same request {Ms(warmDisk)} ({warmDisk / cold:P1} of cold) | warm, new builder, new identifiers {Ms(warmDiskNewQuestion)} ({warmDiskNewQuestion / cold:P1}) | warm, same builder, same request {Ms(warmMemory)} ({warmMemory / cold:P1}) | warm, same builder, new identifiers {Ms(warmNewQuestion)} ({warmNewQuestion / cold:P1})");
    }

    private static async Task RoundTripAsync(string root)
    {
        var memfun = Path.Combine(AppContext.BaseDirectory, "memfun.dll");
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "memfun",
            Command = "dotnet",
            Arguments = [memfun, "mcp", "serve"],
            WorkingDirectory = root,
        }));
        var arguments = new Dictionary<string, object?> { ["pattern"] = "*.none", ["path"] = "src/Module000" };
        for (var i = 0; i < 200; i++)
        {
            await client.CallToolAsync("glob", arguments);
        }

        var samples = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.CallToolAsync("glob", arguments);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        Console.WriteLine($"MCP stdio round-trip (glob on a 100-file folder, 2000 calls): mean {samples.Average():0.000} ms | p50 {samples[1000]:0.000} ms | p99 {samples[1980]:0.000} ms");
        var ping = new Dictionary<string, object?> { ["path"] = "src/Module000/Service00000.cs", ["limit"] = 1 };
        samples.Clear();
        for (var i = 0; i < 2000; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.CallToolAsync("read_file", ping);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        Console.WriteLine($"MCP stdio round-trip (read_file, 1 line, 2000 calls): mean {samples.Average():0.000} ms | p50 {samples[1000]:0.000} ms | p99 {samples[1980]:0.000} ms");
    }

    private static async Task RunAsync(string root, string program, params string[] arguments)
    {
        var result = await ProcessRunner.TryRunAsync(program, arguments, root, TimeSpan.FromMinutes(5)) ?? throw new InvalidOperationException(program + " is not installed");
        if (result.ExitCode > 1)
        {
            throw new InvalidOperationException(result.Stderr);
        }
    }

    private static async Task<double> MedianAsync(int runs, Func<Task> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times[runs / 2];
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
