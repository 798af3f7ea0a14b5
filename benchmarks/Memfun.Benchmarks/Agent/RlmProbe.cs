using System.Collections.Concurrent;
using System.Globalization;
using Memfun.Agent.Rlm;
using Memfun.Llm;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;
using Memfun.Testing.Llm;

namespace Memfun.Benchmarks.Agent;

/// <summary>
/// `dotnet run -c Release -- rlm`: the RLM engine's own costs, end to end against the fake model server and a real
/// local sandbox: harness overhead per turn (wall time minus model time), root-prompt size against context size,
/// and llm_query_batched of 16 prompts at 200 ms each against one call.
/// </summary>
internal static class RlmProbe
{
    private const string Root = "root";
    private const string Sub = "sub";

    public static async Task RunAsync()
    {
        await using var server = await FakeOpenAIServer.StartNewAsync();
        var rootReplies = new ConcurrentQueue<string>();
        server.RespondWith(request => request.Model == Root
            ? ScriptedReply.Say(rootReplies.TryDequeue(out var reply) ? reply : "```python\nSUBMIT('out of script')\n```")
            : new ScriptedReply { Text = "sub answer", Delay = TimeSpan.FromMilliseconds(200) });
        await using var sandbox = await LocalSandbox.OpenAsync();
        var project = Directory.CreateTempSubdirectory("memfun-rlm-probe").FullName;
        var settings = new LlmSettings { BaseUrl = server.BaseUrl, Model = Root, SubModel = Sub, MaxConcurrency = 32 };

        async Task<(RlmResult Result, List<RlmEvent> Events)> RunScriptAsync(string context, IEnumerable<string> code, RlmOptions? options = null)
        {
            foreach (var step in code)
            {
                rootReplies.Enqueue($"```python\n{step}\n```");
            }

            var events = new List<RlmEvent>();
            using var clients = LlmClients.Create(settings, new LlmClientOptions { Environment = new Dictionary<string, string?>() });
            var engine = new RlmEngine(clients, sandbox, new SandboxOptions { ProjectRoot = project, MemoryMb = 2048 }, options ?? new RlmOptions(), new ListObserver(events));
            var result = await engine.RunAsync(new RlmRequest { Query = "probe", Variables = [new RlmVariable("context", context, "probe data")] });
            return (result, events);
        }

        // 1. Harness overhead per turn: 30 turns of trivial code; the model answers at once from loopback.
        var turns = Enumerable.Repeat("x = 1", 30).Append("SUBMIT('done')");
        var (_, overheadEvents) = await RunScriptAsync("small", turns, new RlmOptions { MaxIterations = 40 });
        var iterations = overheadEvents.OfType<RlmIteration>().ToList();
        var overheads = iterations.Skip(1).Select((it, i) => (it.At - iterations[i].At).TotalMilliseconds - it.ModelMs).Order().ToList();
        var models = iterations.Select(it => it.ModelMs).Order().ToList();
        Console.WriteLine("## Harness overhead per turn (wall time minus model time)");
        Console.WriteLine($"p50 {overheads[overheads.Count / 2]:0.00} ms, p95 {overheads[(int)(overheads.Count * 0.95)]:0.00} ms over {overheads.Count} turns; model call on loopback p50 {models[models.Count / 2]:0.00} ms");

        // 2. Root prompt against context size.
        Console.WriteLine();
        Console.WriteLine("## Root prompt vs context size");
        Console.WriteLine("| context | largest root prompt (chars) | ≈ tokens | run time |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var size in new[] { 10_000, 1_000_000, 10_000_000, 100_000_000 })
        {
            var context = string.Create(size, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = i % 80 == 79 ? '\n' : (char)('a' + (i % 26));
                }
            });
            var before = server.Requests.Count;
            var (result, _) = await RunScriptAsync(context, ["print(len(context))", "print(context[-40:])", "SUBMIT('ok')"]);
            var largest = server.Requests.Skip(before).Where(r => r.Model == Root).Max(r => r.PromptCharacters);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size:N0} | {largest:N0} | {largest / 4:N0} | {result.Elapsed.TotalSeconds:0.00} s |"));
        }

        // 3. llm_query_batched: 16 prompts at 200 ms each, cap 16, against one llm_query.
        var timing = "import time\nt = time.perf_counter()\n{0}\nprint(round((time.perf_counter() - t) * 1000))";
        var (_, batchEvents) = await RunScriptAsync("small",
            [string.Format(CultureInfo.InvariantCulture, timing, "llm_query('q')"), string.Format(CultureInfo.InvariantCulture, timing, "llm_query_batched(['q'] * 16)"), "SUBMIT('ok')"],
            new RlmOptions { SubCallConcurrency = 16 });
        var outputs = batchEvents.OfType<RlmIteration>().Take(2).Select(i => double.Parse(i.Output.Split('\n')[1], CultureInfo.InvariantCulture)).ToList();
        Console.WriteLine();
        Console.WriteLine("## llm_query_batched, 16 prompts × 200 ms, cap 16");
        Console.WriteLine($"one llm_query: {outputs[0]:0} ms; llm_query_batched(16): {outputs[1]:0} ms; ratio {outputs[1] / outputs[0]:0.00}×");
        Directory.Delete(project, recursive: true);
    }

    private sealed class ListObserver(List<RlmEvent> events) : IRlmObserver
    {
        public void OnEvent(RlmEvent runEvent)
        {
            lock (events)
            {
                events.Add(runEvent);
            }
        }
    }
}
