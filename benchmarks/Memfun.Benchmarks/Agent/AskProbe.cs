using System.Diagnostics;
using System.Globalization;
using Memfun.Testing.Llm;
using ModelContextProtocol.Client;

namespace Memfun.Benchmarks.Agent;

/// <summary>
/// `dotnet run -c Release -- ask [MEMFUN]`: the fixed cost of an agent command. A one-turn <c>memfun ask</c> (the
/// built or published <c>memfun</c>, a new process each time) against a model that answers at once, next to a run
/// of 40 turns (what the turns themselves cost); then two <c>memfun_ask</c> calls on one <c>memfun mcp serve</c>.
/// </summary>
internal static class AskProbe
{
    private const string Submit = "```python\nSUBMIT('ok')\n```";

    public static async Task RunAsync(string[] args)
    {
        if (args is ["--serve"])
        {
            // For looking at one run by hand: a model that submits at once, until standard input closes.
            await using var model = await FakeOpenAIServer.StartNewAsync();
            model.RespondWith(_ => ScriptedReply.Say(Submit));
            Console.WriteLine(model.BaseUrl);
            await Console.In.ReadToEndAsync();
            return;
        }

        // Several builds are interleaved round by round, so load from other processes hits them alike.
        var builds = args.Length > 0 ? args.Select(Path.GetFullPath).ToArray() : [Path.Combine(AppContext.BaseDirectory, "memfun")];
        await using var server = await FakeOpenAIServer.StartNewAsync();
        var turns = 0;
        server.RespondWith(_ => ScriptedReply.Say(Interlocked.Decrement(ref turns) > 0 ? "```python\nx = 1\n```" : Submit));
        var project = Directory.CreateTempSubdirectory("memfun-ask-probe-");
        var home = Directory.CreateTempSubdirectory("memfun-ask-home-");
        try
        {
            File.WriteAllText(Path.Combine(project.FullName, "app.py"), "print('hello')\n");
            var environment = new Dictionary<string, string>
            {
                ["MEMFUN_LLM_BASE_URL"] = server.BaseUrl,
                ["MEMFUN_LLM_MODEL"] = "probe",
                ["HOME"] = home.FullName,
                ["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config"),
                ["XDG_CACHE_HOME"] = Path.Combine(home.FullName, ".cache"),
            };

            async Task<double> AskAsync(string memfun, int modelTurns)
            {
                turns = modelTurns;
                var start = new ProcessStartInfo(memfun, ["ask", "what does app.py print?", "--max-iterations", "50"]) { WorkingDirectory = project.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var (key, value) in environment)
                {
                    start.Environment[key] = value;
                }

                var stopwatch = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                stopwatch.Stop();
                if (process.ExitCode != 0 || !(await output).Contains("ok", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"memfun ask failed ({process.ExitCode}): {await error}");
                }

                return stopwatch.Elapsed.TotalMilliseconds;
            }

            // The first run of each fills the caches a user's first run fills; every later one is a normal run.
            var first = new List<double>();
            foreach (var memfun in builds)
            {
                first.Add(await AskAsync(memfun, 1));
            }

            var one = builds.Select(_ => new List<double>()).ToArray();
            var forty = builds.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < 10; round++)
            {
                for (var b = 0; b < builds.Length; b++)
                {
                    one[b].Add(await AskAsync(builds[b], 1));
                    if (round % 2 == 0)
                    {
                        forty[b].Add(await AskAsync(builds[b], 40));
                    }
                }
            }

            for (var b = 0; b < builds.Length; b++)
            {
                var (m1, m40) = (Median(one[b]), Median(forty[b]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{builds[b]}: memfun ask, one turn: first run {first[b]:0} ms | median of 10 {m1:0} ms | 40 turns median of 5 {m40:0} ms (+{(m40 - m1) / 39:0.0} ms per turn)"));
            }

            foreach (var memfun in builds)
            {
                await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
                {
                    Name = "memfun",
                    Command = memfun,
                    Arguments = ["mcp", "serve"],
                    WorkingDirectory = project.FullName,
                    EnvironmentVariables = environment.ToDictionary(pair => pair.Key, string? (pair) => pair.Value),
                }));
                var calls = new List<double>();
                for (var i = 0; i < 6; i++)
                {
                    turns = 1;
                    var stopwatch = Stopwatch.StartNew();
                    await client.CallToolAsync("memfun_ask", new Dictionary<string, object?> { ["question"] = "what does app.py print?" });
                    calls.Add(stopwatch.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{memfun}: memfun_ask over MCP on one server: first call {calls[0]:0} ms | second call {calls[1]:0} ms | later calls median {Median(calls.Skip(1)):0} ms"));
            }
        }
        finally
        {
            project.Delete(recursive: true);
            home.Delete(recursive: true);
        }
    }

    private static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
