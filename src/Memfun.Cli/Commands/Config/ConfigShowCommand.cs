using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Hosting.Agents;
using Memfun.Hosting.Configuration;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Config;

/// <summary><c>memfun config show</c>: every effective setting with its value and source, secrets redacted.</summary>
public sealed class ConfigShowCommand(CliEnvironment environment) : LocalCommand<JsonSettings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, JsonSettings settings)
    {
        var config = LoadConfig();
        var redactor = Redactor;
        var memory = ProjectMemory.Load(config.ProjectRoot);
        if (settings.Json)
        {
            WriteJson(config, memory, redactor);
            return ExitCodes.Success;
        }

        if (config.ProjectFile is null)
        {
            Environment.ErrorWriter.WriteLine("No memfun.toml found: showing defaults. Run memfun init to create one.");
        }

        var table = new TextTable("Key", "Value", "Source");
        foreach (var entry in config.Entries)
        {
            var value = Display(entry.Value, redactor);
            if (entry.Key.EndsWith("_env", StringComparison.Ordinal) && entry.Value is string name)
            {
                value += string.IsNullOrEmpty(Environment.Variables.GetValueOrDefault(name)) ? " (not set)" : " (set)";
            }

            table.AddRow(entry.Key, value, entry.Source.ToString());
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        Environment.OutWriter.WriteLine(memory.Files.Count == 0
            ? $"Project memory: none ({string.Join(", ", ProjectMemory.FileNames)} not found)."
            : "Project memory (in every agent prompt, up to " + ProjectMemory.MaxChars.ToString("N0", CultureInfo.InvariantCulture) + " characters): "
              + string.Join(", ", memory.Files.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Path} ({f.Chars:N0} chars{(f.Truncated ? $", cut to {f.IncludedChars:N0}" : "")})"))) + ".");
        return ExitCodes.Success;
    }

    // Its own methods, so that the JSON types are loaded only for --json: a method loads the types it names before it
    // first runs (so this one is not inlined).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteJson(MemfunConfig config, ProjectMemory memory, SecretRedactor redactor) => WriteJson(ToJson(config, memory, redactor));

    private static JsonObject ToJson(MemfunConfig config, ProjectMemory memory, SecretRedactor redactor)
    {
        var values = new JsonObject();
        foreach (var entry in config.Entries)
        {
            values[entry.Key] = new JsonObject
            {
                ["value"] = ToJson(entry.Value, redactor),
                ["source"] = entry.Source.ToString(),
            };
        }

        var document = new JsonObject
        {
            ["project_root"] = config.ProjectRoot,
            ["project_file"] = config.ProjectFile,
            ["user_file"] = config.UserFile,
            ["values"] = values,
            // Keys and lines only: the values were not checked, and they are not used.
            ["untrusted_settings"] = new JsonArray([.. config.UntrustedSettings.Select(e => (JsonNode?)new JsonObject
            {
                ["key"] = e.Key,
                ["line"] = e.Source.Line,
            })]),
            ["memory_files"] = new JsonArray([.. memory.Files.Select(f => (JsonNode?)new JsonObject
            {
                ["path"] = f.Path,
                ["chars"] = f.Chars,
                ["included_chars"] = f.IncludedChars,
                ["truncated"] = f.Truncated,
            })]),
        };
        return document;
    }

    private static string Display(object? value, SecretRedactor redactor) => value switch
    {
        null => "(unset)",
        string s => redactor.Redact(s),
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(redactor.Redact)) + "]",
        _ => ConfigWriter.FormatValue(value),
    };

    private static JsonNode? ToJson(object? value, SecretRedactor redactor) => value switch
    {
        null => null,
        string s => JsonValue.Create(redactor.Redact(s)),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        IEnumerable<string> list => new JsonArray(list.Select(i => (JsonNode?)JsonValue.Create(redactor.Redact(i))).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };
}
