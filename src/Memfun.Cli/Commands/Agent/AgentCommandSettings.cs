using System.ComponentModel;
using System.Globalization;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>Options every agent command takes: limits and the model, each overriding <c>memfun.toml</c> for this run.</summary>
public class AgentCommandSettings : JsonSettings
{
    /// <summary>Gets or sets the output format as given.</summary>
    [CommandOption("--output-format <FORMAT>")]
    [Description("text (default), json (one document at the end; same as --json) or stream-json (one JSON event per line as the run goes).")]
    public string? OutputFormatName { get; set; }

    /// <summary>Gets or sets files and folders to bind as REPL variables.</summary>
    [CommandOption("--context <PATH>")]
    [Description("Bind a file, or every file of a folder, as a REPL variable the model can read (repeatable); piped standard input is bound as `stdin`.")]
    public string[] Context { get; set; } = [];

    /// <summary>Gets the effective output format.</summary>
    public OutputFormat Format => Json ? OutputFormat.Json : OutputFormatName switch
    {
        "json" => OutputFormat.Json,
        "stream-json" => OutputFormat.StreamJson,
        _ => OutputFormat.Text,
    };

    /// <summary>Gets a value indicating whether standard output carries JSON (a document or a stream) rather than text.</summary>
    public bool MachineOutput => Format != OutputFormat.Text;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (OutputFormatName is not (null or "text" or "json" or "stream-json"))
        {
            return ValidationResult.Error($"Unknown output format '{OutputFormatName}': use text, json or stream-json.");
        }

        return Json && OutputFormatName is "text" or "stream-json"
            ? ValidationResult.Error("--json is --output-format json: give one or the other.")
            : ValidationResult.Success();
    }

    /// <summary>Gets or sets the most root iterations.</summary>
    [CommandOption("--max-iterations <N>")]
    [Description("Most turns of the root model (overrides [[agent]] max_iterations).")]
    public int? MaxIterations { get; set; }

    /// <summary>Gets or sets the most US dollars the run may spend.</summary>
    [CommandOption("--budget <USD>")]
    [Description("Most US dollars the run may spend on model calls (overrides [[llm]] max_cost_usd).")]
    public double? Budget { get; set; }

    /// <summary>Gets or sets the root model.</summary>
    [CommandOption("--model <MODEL>")]
    [Description("Root model for this run (overrides [[llm]] model).")]
    public string? Model { get; set; }

    /// <summary>Gets or sets the wall-clock limit in seconds.</summary>
    [CommandOption("--timeout <SECONDS>")]
    [Description("Wall-clock limit of the run, in seconds (overrides [[agent]] timeout_s).")]
    public int? Timeout { get; set; }

    /// <summary>Gets or sets the permission mode.</summary>
    [CommandOption("--mode <MODE>")]
    [Description("What the agent may do to files: read-only, ask or auto-edit (overrides [[agent]] mode).")]
    public string? Mode { get; set; }

    /// <summary>Returns the options as configuration overrides, validated like the file's values.</summary>
    public IReadOnlyList<ConfigOverride> Overrides()
    {
        var overrides = new List<ConfigOverride>();
        if (MaxIterations is { } iterations)
        {
            overrides.Add(new ConfigOverride("agent.max_iterations", iterations.ToString(CultureInfo.InvariantCulture), "--max-iterations"));
        }

        if (Budget is { } budget)
        {
            overrides.Add(new ConfigOverride("llm.max_cost_usd", budget.ToString(CultureInfo.InvariantCulture), "--budget"));
        }

        if (Model is { } model)
        {
            overrides.Add(new ConfigOverride("llm.model", model, "--model"));
        }

        if (Timeout is { } timeout)
        {
            overrides.Add(new ConfigOverride("agent.timeout_s", timeout.ToString(CultureInfo.InvariantCulture), "--timeout"));
        }

        if (Mode is { } mode)
        {
            overrides.Add(new ConfigOverride("agent.mode", mode, "--mode"));
        }

        return overrides;
    }

    /// <inheritdoc />
    internal override bool TryReadOption(string name, string[] tokens, ref int index)
    {
        switch (name)
        {
            case "--max-iterations" when TryReadNumber(tokens, ref index, out var iterations):
                MaxIterations = iterations;
                return true;
            case "--timeout" when TryReadNumber(tokens, ref index, out var seconds):
                Timeout = seconds;
                return true;
            case "--model" when TryReadValue(tokens, ref index, out var model):
                Model = model;
                return true;
            case "--mode" when TryReadValue(tokens, ref index, out var mode):
                Mode = mode;
                return true;
            case "--output-format" when TryReadValue(tokens, ref index, out var format):
                OutputFormatName = format;
                return true;
            case "--max-iterations" or "--timeout" or "--model" or "--mode" or "--output-format":
                return false;
            default:
                return base.TryReadOption(name, tokens, ref index);
        }
    }
}
