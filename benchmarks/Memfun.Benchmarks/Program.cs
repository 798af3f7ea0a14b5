using BenchmarkDotNet.Running;
using Memfun.Benchmarks.Runtime;
using Memfun.Benchmarks.Tools;

if (args is ["rlm"])
{
    await Memfun.Benchmarks.Agent.RlmProbe.RunAsync();
    return;
}

if (args is ["optimizer"])
{
    await Memfun.Benchmarks.Optimizer.OptimizerProbe.RunAsync();
    return;
}

if (args is ["ask", ..])
{
    await Memfun.Benchmarks.Agent.AskProbe.RunAsync(args[1..]);
    return;
}

if (args is ["context"])
{
    await Memfun.Benchmarks.Sandbox.ContextProbe.RunAsync();
    return;
}

if (args is ["publish-ratio"])
{
    await PublishRatioProbe.RunAsync();
    return;
}

if (args is ["latency"])
{
    await LatencyProbe.RunAsync();
    return;
}

if (args is ["tools", ..])
{
    await ToolsProbe.RunAsync(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EventBusBenchmarks).Assembly).Run(args);
