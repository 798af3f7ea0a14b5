using System.Globalization;
using System.Text.RegularExpressions;
using Memfun.Agent;
using Memfun.Core.Configuration;
using Memfun.Llm;
using Memfun.Runtime;
using Memfun.Sandbox;
using Memfun.Tools.Web;

namespace Memfun.Hosting.Configuration;

/// <summary>Every configuration key Memfun knows, in the order <c>config show</c> and <c>init</c> list them.</summary>
public static partial class ConfigSchema
{
    /// <summary>Gets the keys.</summary>
    public static IReadOnlyList<ConfigKey> Keys { get; } =
    [
        Choice("llm.provider", "Model provider.", ["openai-compatible", "openai", "anthropic", "ollama"],
            c => c.Llm.Provider, (c, v) => c with { Llm = c.Llm with { Provider = Parse<LlmProvider>(v) } }),
        Str("llm.model", "Root model, which drives the agent.", c => c.Llm.Model, (c, v) => c with { Llm = c.Llm with { Model = (string)v } }, NotEmpty),
        Str("llm.sub_model", "Model for sub-calls (llm_query); the root model when unset.", c => c.Llm.SubModel, (c, v) => c with { Llm = c.Llm with { SubModel = (string)v } }, NotEmpty),
        Str("llm.base_url", "Endpoint URL; the provider's default when unset (Ollama's local endpoint for openai-compatible).", c => c.Llm.BaseUrl, (c, v) => c with { Llm = c.Llm with { BaseUrl = (string)v } }, HttpUrl) with { RequiresTrust = true },
        Str("llm.api_key_env", "Name of the environment variable holding the API key.", c => c.Llm.ApiKeyEnv, (c, v) => c with { Llm = c.Llm with { ApiKeyEnv = (string)v } }, EnvironmentVariableName) with { RequiresTrust = true },
        Float("llm.temperature", "Sampling temperature (0 to 2).", c => c.Llm.Temperature, (c, v) => c with { Llm = c.Llm with { Temperature = (double)v } }, Range(0, 2)),
        Int("llm.max_tokens", "Most tokens in one reply.", c => c.Llm.MaxTokens, (c, v) => c with { Llm = c.Llm with { MaxTokens = (int)(long)v } }, AtLeast(1)),
        Int("llm.timeout_s", "Timeout of one model call, in seconds.", c => c.Llm.TimeoutSeconds, (c, v) => c with { Llm = c.Llm with { TimeoutSeconds = (int)(long)v } }, AtLeast(1)),
        Int("llm.max_retries", "Retries of a call that failed with 429, 5xx or a timeout.", c => c.Llm.MaxRetries, (c, v) => c with { Llm = c.Llm with { MaxRetries = (int)(long)v } }, AtLeast(0)),
        Int("llm.max_concurrency", "Most model calls in flight at once.", c => c.Llm.MaxConcurrency, (c, v) => c with { Llm = c.Llm with { MaxConcurrency = (int)(long)v } }, AtLeast(1)),
        Int("llm.max_tokens_per_run", "Token budget of one run (unset: unlimited).", c => c.Llm.MaxTokensPerRun, (c, v) => c with { Llm = c.Llm with { MaxTokensPerRun = (long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Float("llm.max_cost_usd", "Dollar budget of one run (unset: unlimited).", c => c.Llm.MaxCostUsd, (c, v) => c with { Llm = c.Llm with { MaxCostUsd = (double)v } }, Positive) with { Limit = ConfigLimit.Maximum },
        Int("llm.max_calls_per_run", "Model-call budget of one run (unset: unlimited).", c => c.Llm.MaxCallsPerRun, (c, v) => c with { Llm = c.Llm with { MaxCallsPerRun = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Pattern("llm.prices.*.input_per_mtok", ConfigValueKind.Number, "Price of a million uncached input tokens of model *, in USD.", NonNegative) with { Limit = ConfigLimit.Minimum },
        Pattern("llm.prices.*.output_per_mtok", ConfigValueKind.Number, "Price of a million output tokens of model *, in USD.", NonNegative) with { Limit = ConfigLimit.Minimum },
        Pattern("llm.prices.*.cached_input_per_mtok", ConfigValueKind.Number, "Price of a million cached input tokens of model *, in USD.", NonNegative) with { Limit = ConfigLimit.Minimum },

        Choice("backend.tier", "Runtime tier: memory, sqlite, redis or nats.", ["memory", "sqlite", "redis", "nats"],
            c => c.Backend.Tier, (c, v) => c with { Backend = c.Backend with { Tier = Parse<BackendTier>(v) } }),
        Str("backend.sqlite_path", "SQLite database, relative to the project root.", c => c.Backend.SqlitePath, (c, v) => c with { Backend = c.Backend with { SqlitePath = (string)v } }, NotEmpty) with { RequiresTrust = true },
        Str("backend.redis_url", "Redis URL (redis://[:password@]host:port[/db]).", c => c.Backend.RedisUrl, (c, v) => c with { Backend = c.Backend with { RedisUrl = (string)v } }, UrlWithScheme("redis", "rediss")) with { RequiresTrust = true },
        Str("backend.nats_url", "NATS URL (nats://[user:password@]host:port).", c => c.Backend.NatsUrl, (c, v) => c with { Backend = c.Backend with { NatsUrl = (string)v } }, UrlWithScheme("nats", "tls")) with { RequiresTrust = true },
        Str("backend.namespace", "Prefix of keys, topics and buckets, so projects can share a server.", c => c.Backend.Namespace, (c, v) => c with { Backend = c.Backend with { Namespace = (string)v } }, Identifier),

        Choice("sandbox.kind", "Where model-written code runs: local or docker.", ["local", "docker"],
            c => c.Sandbox.Kind, (c, v) => c with { Sandbox = c.Sandbox with { Kind = Parse<SandboxKind>(v) } }) with { RequiresTrust = true },
        Choice("sandbox.isolation", "Isolation the local sandbox requires: bubblewrap (refuses to start without it) or none (resource limits only; code can read your files and use the network).", ["bubblewrap", "none"],
            c => c.Sandbox.Isolation, (c, v) => c with { Sandbox = c.Sandbox with { Isolation = Parse<SandboxIsolationMode>(v) } }) with { RequiresTrust = true },
        Int("sandbox.timeout_s", "Wall-clock timeout of one execution, in seconds.", c => c.Sandbox.TimeoutSeconds, (c, v) => c with { Sandbox = c.Sandbox with { TimeoutSeconds = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Int("sandbox.memory_mb", "Memory limit of the kernel, in MiB.", c => c.Sandbox.MemoryMb, (c, v) => c with { Sandbox = c.Sandbox with { MemoryMb = (int)(long)v } }, AtLeast(64)) with { Limit = ConfigLimit.Maximum },
        Bool("sandbox.network", "Whether sandboxed code may use the network.", c => c.Sandbox.Network, (c, v) => c with { Sandbox = c.Sandbox with { Network = (bool)v } }) with { RequiresTrust = true },
        Int("sandbox.output_limit_chars", "Characters of output kept per execution.", c => c.Sandbox.OutputLimitChars, (c, v) => c with { Sandbox = c.Sandbox with { OutputLimitChars = (int)(long)v } }, AtLeast(100)),
        Str("sandbox.docker_image", "Image of the Docker sandbox.", c => c.Sandbox.DockerImage, (c, v) => c with { Sandbox = c.Sandbox with { DockerImage = (string)v } }, NotEmpty) with { RequiresTrust = true },
        Int("sandbox.max_processes", "Most processes the kernel may run.", c => c.Sandbox.MaxProcesses, (c, v) => c with { Sandbox = c.Sandbox with { MaxProcesses = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Int("sandbox.command_timeout_s", "Longest a command the agent runs (run(), the project's tests) may take, in seconds.", c => c.Sandbox.CommandTimeoutSeconds, (c, v) => c with { Sandbox = c.Sandbox with { CommandTimeoutSeconds = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Int("sandbox.cpu_seconds", "CPU-time limit of the kernel, in seconds.", c => c.Sandbox.CpuSeconds, (c, v) => c with { Sandbox = c.Sandbox with { CpuSeconds = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },

        Choice("agent.mode", "What the agent may do to files: read-only (no edits), ask (edits shown as a diff, written after approval) or auto-edit (applied without asking; memfun undo takes them back).", ["read-only", "ask", "auto-edit"],
            c => c.Agent.Mode, (c, v) => c with { Agent = c.Agent with { Mode = Parse<AgentMode>(v) } }) with { RequiresTrust = true },
        Int("agent.max_iterations", "Most root iterations of one run.", c => c.Agent.MaxIterations, (c, v) => c with { Agent = c.Agent with { MaxIterations = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Int("agent.max_depth", "Deepest recursion of rlm_query.", c => c.Agent.MaxDepth, (c, v) => c with { Agent = c.Agent with { MaxDepth = (int)(long)v } }, AtLeast(0)) with { Limit = ConfigLimit.Maximum },
        Int("agent.max_sub_calls", "Most sub-calls of one run.", c => c.Agent.MaxSubCalls, (c, v) => c with { Agent = c.Agent with { MaxSubCalls = (int)(long)v } }, AtLeast(0)) with { Limit = ConfigLimit.Maximum },
        Int("agent.sub_call_concurrency", "Most sub-calls in flight in llm_query_batched.", c => c.Agent.SubCallConcurrency, (c, v) => c with { Agent = c.Agent with { SubCallConcurrency = (int)(long)v } }, AtLeast(1)),
        Int("agent.timeout_s", "Wall-clock limit of one run, in seconds.", c => c.Agent.TimeoutSeconds, (c, v) => c with { Agent = c.Agent with { TimeoutSeconds = (int)(long)v } }, AtLeast(1)) with { Limit = ConfigLimit.Maximum },
        Int("agent.context_window_tokens", "Context window of the root model, in tokens; history is compacted before it fills.", c => c.Agent.ContextWindowTokens, (c, v) => c with { Agent = c.Agent with { ContextWindowTokens = (int)(long)v } }, AtLeast(2048)),
        Int("agent.max_sub_prompt_chars", "Most characters of one llm_query / llm_query_batched prompt (and of rlm_query's prompt).", c => c.Agent.MaxSubPromptChars, (c, v) => c with { Agent = c.Agent with { MaxSubPromptChars = (int)(long)v } }, AtLeast(100)),
        Int("agent.max_answer_chars", "Most characters of the final answer given to SUBMIT.", c => c.Agent.MaxAnswerChars, (c, v) => c with { Agent = c.Agent with { MaxAnswerChars = (int)(long)v } }, AtLeast(100)),

        Str("project.test", "Command that runs the project's tests (detected from AGENTS.md or the project's files when unset).", c => c.Project.Test, (c, v) => c with { Project = c.Project with { Test = (string)v } }, NotEmpty),

        Choice("web.search_backend", "Web search service: duckduckgo, brave, tavily or searxng.", ["duckduckgo", "brave", "tavily", "searxng"],
            c => c.Web.SearchBackend, (c, v) => c with { Web = c.Web with { SearchBackend = Parse<SearchBackend>(v) } }),
        Str("web.api_key_env", "Environment variable holding the search API key.", c => c.Web.ApiKeyEnv, (c, v) => c with { Web = c.Web with { ApiKeyEnv = (string)v } }, EnvironmentVariableName) with { RequiresTrust = true },
        Str("web.searxng_url", "SearXNG base URL.", c => c.Web.SearxngUrl, (c, v) => c with { Web = c.Web with { SearxngUrl = (string)v } }, HttpUrl) with { RequiresTrust = true },
        List("web.allowed_hosts", "Hosts exempt from the SSRF address checks (local development only).", c => c.Web.AllowedHosts, (c, v) => c with { Web = c.Web with { AllowedHosts = (IReadOnlyList<string>)v } }) with { RequiresTrust = true },
        List("web.blocked_hosts", "Hosts always refused.", c => c.Web.BlockedHosts, (c, v) => c with { Web = c.Web with { BlockedHosts = (IReadOnlyList<string>)v } }) with { Limit = ConfigLimit.Minimum },
        Int("web.max_bytes", "Largest response fetched, in bytes.", c => c.Web.MaxBytes, (c, v) => c with { Web = c.Web with { MaxBytes = (int)(long)v } }, AtLeast(1024)),
        Int("web.timeout_s", "Timeout of one fetch, in seconds.", c => c.Web.TimeoutSeconds, (c, v) => c with { Web = c.Web with { TimeoutSeconds = (int)(long)v } }, AtLeast(1)),

        Pattern("mcp.servers.*.command", ConfigValueKind.Text, "Command that starts stdio MCP server *.", NotEmpty) with { RequiresTrust = true },
        Pattern("mcp.servers.*.args", ConfigValueKind.TextList, "Arguments of the command.", null) with { RequiresTrust = true },
        Pattern("mcp.servers.*.env", ConfigValueKind.TextList, "Host environment variables passed to the server.", EnvironmentVariableNames) with { RequiresTrust = true },
        Pattern("mcp.servers.*.url", ConfigValueKind.Text, "URL of Streamable HTTP MCP server *.", HttpUrl) with { RequiresTrust = true },
        Pattern("mcp.servers.*.token_env", ConfigValueKind.Text, "Environment variable holding a bearer token for the URL.", EnvironmentVariableName) with { RequiresTrust = true },
    ];

    /// <summary>Finds the key that <paramref name="path"/> names, if any.</summary>
    public static ConfigKey? Find(string path) => Keys.FirstOrDefault(k => k.Matches(path));

    private static TEnum Parse<TEnum>(object value)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(((string)value).Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);

    private static ConfigKey Str(string path, string description, Func<MemfunConfig, object?> read, Func<MemfunConfig, object, MemfunConfig> apply, Func<object, string?>? validate = null) =>
        new() { Path = path, Kind = ConfigValueKind.Text, Description = description, Read = read, Apply = apply, Validate = validate };

    private static ConfigKey Int(string path, string description, Func<MemfunConfig, object?> read, Func<MemfunConfig, object, MemfunConfig> apply, Func<object, string?>? validate = null) =>
        new() { Path = path, Kind = ConfigValueKind.WholeNumber, Description = description, Read = c => read(c) is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null, Apply = apply, Validate = validate };

    private static ConfigKey Float(string path, string description, Func<MemfunConfig, object?> read, Func<MemfunConfig, object, MemfunConfig> apply, Func<object, string?>? validate = null) =>
        new() { Path = path, Kind = ConfigValueKind.Number, Description = description, Read = read, Apply = apply, Validate = validate };

    private static ConfigKey Bool(string path, string description, Func<MemfunConfig, object?> read, Func<MemfunConfig, object, MemfunConfig> apply) =>
        new() { Path = path, Kind = ConfigValueKind.Boolean, Description = description, Read = read, Apply = apply };

    private static ConfigKey List(string path, string description, Func<MemfunConfig, object?> read, Func<MemfunConfig, object, MemfunConfig> apply) =>
        new() { Path = path, Kind = ConfigValueKind.TextList, Description = description, Read = read, Apply = apply };

    // The choices are listed in the order of the enum's members, so a value's text is found by its number: no enum name
    // lookup (reflection) when every command reads the configuration (issue 20). ConfigSchemaTests checks the order.
    private static ConfigKey Choice(string path, string description, IReadOnlyList<string> choices, Func<MemfunConfig, Enum> read, Func<MemfunConfig, object, MemfunConfig> apply) =>
        new() { Path = path, Kind = ConfigValueKind.Choice, Description = description, Choices = choices, Read = c => choices[Convert.ToInt32(read(c), CultureInfo.InvariantCulture)], Apply = apply };

    private static ConfigKey Pattern(string path, ConfigValueKind kind, string description, Func<object, string?>? validate) =>
        new() { Path = path, Kind = kind, Description = description, Validate = validate };

    private static string? NotEmpty(object value) => string.IsNullOrWhiteSpace((string)value) ? "must not be empty" : null;

    private static string? Positive(object value) => (double)value > 0 ? null : "must be greater than 0";

    private static string? NonNegative(object value) => (double)value >= 0 ? null : "must not be negative";

    private static Func<object, string?> AtLeast(long minimum) =>
        value => (long)value >= minimum ? null : $"must be at least {minimum}";

    private static Func<object, string?> Range(double minimum, double maximum) =>
        value => (double)value is var d && d >= minimum && d <= maximum ? null : $"must be between {minimum} and {maximum}";

    private static string? HttpUrl(object value) => UrlWithScheme("http", "https")(value);

    private static Func<object, string?> UrlWithScheme(params string[] schemes) =>
        value => Uri.TryCreate((string)value, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"must be an absolute {string.Join(" or ", schemes.Select(s => s + "://"))} URL";

    private static string? Identifier(object value) =>
        IdentifierRegex().IsMatch((string)value) ? null : "may use only letters, digits, '-' and '_'";

    private static string? EnvironmentVariableName(object value) =>
        EnvironmentVariableRegex().IsMatch((string)value)
            ? null
            : "must be the NAME of an environment variable (letters, digits and '_'), not its value";

    private static string? EnvironmentVariableNames(object value) =>
        ((IReadOnlyList<string>)value).Select(v => EnvironmentVariableName(v)).FirstOrDefault(e => e is not null);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableRegex();
}
