using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Hosting.Configuration;
using Memfun.Llm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Setup;

/// <summary><c>memfun init</c>: writes the project's <c>memfun.toml</c>, from a wizard or from flags.</summary>
public sealed class InitCommand(CliEnvironment environment) : MemfunCommand<InitCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Environment.WorkingDirectory, ConfigLoader.ProjectFileName);
        if (File.Exists(target) && !settings.Force)
        {
            throw new ConfigException(MemfunErrorCodes.ConfigFileExists, $"{target} already exists; it was left unchanged.")
            {
                FilePath = target,
                Hint = "Run `memfun init --force` to overwrite it, or edit it by hand.",
            };
        }

        var interactive = !settings.Yes && Environment.IsInteractive;
        if (!settings.Yes && !interactive)
        {
            throw new ConfigException("`memfun init` needs a terminal to ask its questions.")
            {
                Hint = "In scripts, pass the values as flags and add --yes, e.g. `memfun init --provider openai --model gpt-4.1 --api-key-env OPENAI_API_KEY --yes`.",
            };
        }

        var answers = interactive ? Ask(settings) : settings;
        var values = ToOverrides(answers);
        ConfigLoader.Validate(values, Environment.WorkingDirectory);

        var text = ConfigWriter.Render(values.ToDictionary(v => v.Key, v => (object)v.Value, StringComparer.Ordinal));
        await WriteAtomicallyAsync(target, text, cancellationToken).ConfigureAwait(false);
        // The user chose every value in it, so the file is trusted as written (see ProjectTrust).
        await ConfigLoader.TrustOf(ConfigOptions(Environment.WorkingDirectory)).TrustAsync(target, text, cancellationToken).ConfigureAwait(false);
        CreateStateDirectory();

        Environment.Error.MarkupLine($"[green]Wrote[/] {Markup.Escape(target)}");
        if (answers.ApiKeyEnv is { } keyEnv && string.IsNullOrEmpty(Environment.Variables.GetValueOrDefault(keyEnv)))
        {
            Environment.Error.MarkupLine($"[yellow]Set your key before running the agent:[/] export {Markup.Escape(keyEnv)}=...");
        }

        Environment.Error.MarkupLine("Next: [bold]memfun doctor[/] to check the machine, then [bold]memfun ask \"How is this project organised?\"[/]");
        return ExitCodes.Success;
    }

    private Settings Ask(Settings given)
    {
        var console = Environment.Error;
        var provider = given.Provider ?? console.Prompt(new SelectionPrompt<string>()
            .Title("Which model [green]provider[/]?")
            .AddChoices("openai-compatible", "openai", "anthropic", "ollama"));
        var model = given.Model ?? console.Prompt(new TextPrompt<string>("Root [green]model[/]:").DefaultValue(DefaultModel(provider)).Validate(Answer("llm.model")));
        var subModel = given.SubModel ?? console.Prompt(new TextPrompt<string>("Cheaper [green]sub-model[/] for sub-calls (empty: same as root):").AllowEmpty().Validate(Answer("llm.sub_model")));
        var baseUrl = given.BaseUrl ?? (provider is "openai-compatible" or "ollama"
            ? console.Prompt(new TextPrompt<string>("Endpoint [green]base URL[/]:").DefaultValue(LlmSettings.DefaultBaseUrl).Validate(Answer("llm.base_url")))
            : null);
        var keyEnv = given.ApiKeyEnv ?? console.Prompt(new TextPrompt<string>("Environment variable holding the [green]API key[/] (empty: none):")
            .DefaultValue(DefaultKeyEnv(provider) ?? string.Empty).AllowEmpty().Validate(Answer("llm.api_key_env")));
        var backend = given.Backend ?? console.Prompt(new SelectionPrompt<string>()
            .Title("Runtime [green]backend[/]?").AddChoices("sqlite", "memory", "redis", "nats"));
        var sandbox = given.Sandbox ?? console.Prompt(new SelectionPrompt<string>()
            .Title("Where should model-written code run?").AddChoices("local", "docker"));
        return new Settings
        {
            Provider = provider,
            Model = model,
            SubModel = EmptyToNull(subModel),
            BaseUrl = EmptyToNull(baseUrl),
            ApiKeyEnv = EmptyToNull(keyEnv),
            Backend = backend,
            Sandbox = sandbox,
        };
    }

    /// <summary>Checks one wizard answer as it is typed, with the rule <c>memfun.toml</c> applies to <paramref name="key"/>.</summary>
    private Func<string, ValidationResult> Answer(string key) => answer =>
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return ValidationResult.Success();
        }

        try
        {
            ConfigLoader.Validate([new ConfigOverride(key, answer.Trim(), "answer")], Environment.WorkingDirectory);
            return ValidationResult.Success();
        }
        catch (ConfigException e)
        {
            // A key pasted at the variable-name prompt must not be printed back, nor saved.
            return ValidationResult.Error(key.EndsWith("_env", StringComparison.Ordinal)
                ? "[red]That is not the NAME of an environment variable[/] (letters, digits and '_'). If you pasted the key itself, it was not saved: type the variable's name, e.g. OPENAI_API_KEY, and export the key in your shell."
                : "[red]" + Markup.Escape(e.Message) + "[/]");
        }
    };

    private static List<ConfigOverride> ToOverrides(Settings answers)
    {
        var provider = answers.Provider ?? "openai-compatible";
        var values = new List<ConfigOverride>
        {
            new("llm.provider", provider, "--provider"),
            new("llm.model", answers.Model ?? DefaultModel(provider), "--model"),
        };
        Add(values, "llm.sub_model", answers.SubModel, "--sub-model");
        Add(values, "llm.base_url", answers.BaseUrl, "--base-url");
        Add(values, "llm.api_key_env", answers.ApiKeyEnv ?? DefaultKeyEnv(provider), "--api-key-env");
        values.Add(new ConfigOverride("backend.tier", answers.Backend ?? "sqlite", "--backend"));
        values.Add(new ConfigOverride("sandbox.kind", answers.Sandbox ?? "local", "--sandbox"));
        return values;
    }

    private static void Add(List<ConfigOverride> values, string key, string? value, string flag)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values.Add(new ConfigOverride(key, value, flag));
        }
    }

    private static string DefaultModel(string provider) => provider.ToLowerInvariant() switch
    {
        "openai" => "gpt-4.1",
        "anthropic" => "claude-sonnet-4-5",
        _ => new LlmSettings().Model,
    };

    private static string? DefaultKeyEnv(string provider) => provider.ToLowerInvariant() switch
    {
        "openai" => "OPENAI_API_KEY",
        "anthropic" => "ANTHROPIC_API_KEY",
        _ => null,
    };

    private static string? EmptyToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Task WriteAtomicallyAsync(string target, string text, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(Path.GetFullPath(target), System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);

    private void CreateStateDirectory() => StateDirectory.Ensure(Environment.WorkingDirectory);

    /// <summary>The answers, from flags; questions are asked for the missing ones on a terminal.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets the provider.</summary>
        [CommandOption("--provider <PROVIDER>")]
        [Description("Model provider: openai-compatible (default; Ollama, vLLM, LM Studio...), openai, anthropic, ollama.")]
        public string? Provider { get; set; }

        /// <summary>Gets or sets the root model.</summary>
        [CommandOption("--model <MODEL>")]
        [Description("Root model, which drives the agent.")]
        public string? Model { get; set; }

        /// <summary>Gets or sets the sub-call model.</summary>
        [CommandOption("--sub-model <MODEL>")]
        [Description("Cheaper model for sub-calls (default: the root model).")]
        public string? SubModel { get; set; }

        /// <summary>Gets or sets the endpoint.</summary>
        [CommandOption("--base-url <URL>")]
        [Description("Endpoint of an OpenAI-compatible server (default: Ollama's http://localhost:11434/v1).")]
        public string? BaseUrl { get; set; }

        /// <summary>Gets or sets the API-key variable name.</summary>
        [CommandOption("--api-key-env <NAME>")]
        [Description("NAME of the environment variable holding the API key (never the key itself).")]
        public string? ApiKeyEnv { get; set; }

        /// <summary>Gets or sets the backend tier.</summary>
        [CommandOption("--backend <TIER>")]
        [Description("Runtime backend: sqlite (default), memory, redis, nats.")]
        public string? Backend { get; set; }

        /// <summary>Gets or sets the sandbox kind.</summary>
        [CommandOption("--sandbox <KIND>")]
        [Description("Where model-written code runs: local (default, bubblewrap) or docker.")]
        public string? Sandbox { get; set; }

        /// <summary>Gets or sets a value indicating whether to accept defaults without asking.</summary>
        [CommandOption("-y|--yes")]
        [Description("Do not ask: use the flags and defaults (for scripts).")]
        public bool Yes { get; set; }

        /// <summary>Gets or sets a value indicating whether to overwrite an existing file.</summary>
        [CommandOption("--force")]
        [Description("Overwrite an existing memfun.toml.")]
        public bool Force { get; set; }
    }
}
