using System.Globalization;
using Memfun.Core.Configuration;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Core.Text;
using Memfun.Llm;
using Memfun.Llm.Usage;
using Memfun.Tools.Mcp;

namespace Memfun.Hosting.Configuration;

/// <summary>
/// Loads the effective configuration from its layers — built-in defaults, the user file, the project's
/// <c>memfun.toml</c> (found by walking up from the working directory), <c>MEMFUN_*</c> environment
/// variables, and command-line overrides — and validates every value.
/// </summary>
/// <remarks>
/// Every problem is reported, not just the first: unknown keys (with the closest valid key), wrong types,
/// bad values, and secrets written into files. Each names its file, line, column and key.
/// </remarks>
public static class ConfigLoader
{
    /// <summary>The project configuration file name.</summary>
    public const string ProjectFileName = "memfun.toml";

    /// <summary>Loads and validates the effective configuration.</summary>
    /// <remarks>
    /// Synchronous, as <c>Microsoft.Extensions.Configuration</c> reads its files: they are small and local, and an
    /// asynchronous read would put its machinery at the start of every command (issue 20).
    /// </remarks>
    /// <exception cref="ConfigException">A file is malformed or a value is invalid.</exception>
    public static MemfunConfig Load(ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        var environment = options.Environment ?? ConfigLoadOptions.ProcessEnvironment();
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory);
        var userConfigPath = UserConfigPath(options, environment);
        var userFile = File.Exists(userConfigPath) ? userConfigPath : null;
        var projectFile = FindProjectFile(workingDirectory);

        var assignments = new List<ConfigAssignment>();
        if (userFile is not null)
        {
            assignments.AddRange(ReadFile(userFile, ConfigSourceKind.UserFile));
        }

        Func<bool>? projectTrusted = null;
        if (projectFile is not null)
        {
            var text = ReadText(projectFile);
            assignments.AddRange(TomlConfigReader.Read(text, projectFile, ConfigSourceKind.ProjectFile));
            // Looked up only for a file that sets a key needing trust: most set none, and hashing costs a start-up.
            bool? trusted = options.TrustProjectFile ? true : null;
            projectTrusted = () => trusted ??= ProjectTrust.BesideUserConfig(userConfigPath).IsTrusted(projectFile, text);
        }

        assignments.AddRange(FromEnvironment(environment));
        foreach (var o in options.Overrides)
        {
            assignments.Add(new ConfigAssignment(o.Key, o.Value, new ConfigSource(ConfigSourceKind.CommandLine, o.Flag)));
        }

        return Bind(assignments, ProjectRoot(projectFile, workingDirectory), projectFile, userFile, projectTrusted);
    }

    /// <summary>Validates values as if given on the command line, without loading any file.</summary>
    /// <returns>The configuration they produce on top of the defaults.</returns>
    /// <exception cref="ConfigException">A key is unknown or a value is invalid.</exception>
    public static MemfunConfig Validate(IReadOnlyList<ConfigOverride> values, string projectRoot)
    {
        ArgumentNullException.ThrowIfNull(values);
        var assignments = values.Select(o => new ConfigAssignment(o.Key, o.Value, new ConfigSource(ConfigSourceKind.CommandLine, o.Flag))).ToList();
        return Bind(assignments, projectRoot, projectFile: null, userFile: null, projectTrusted: null);
    }

    /// <summary>
    /// Returns the project root a load from <paramref name="workingDirectory"/> gives (<see cref="MemfunConfig.ProjectRoot"/>),
    /// without loading anything: the folder of the nearest <c>memfun.toml</c>, else of the nearest git checkout, else the
    /// working directory.
    /// </summary>
    public static string FindProjectRoot(string workingDirectory)
    {
        var directory = Path.GetFullPath(workingDirectory);
        return ProjectRoot(FindProjectFile(directory), directory);
    }

    /// <summary>Finds <c>memfun.toml</c> in <paramref name="directory"/> or its nearest ancestor that has one.</summary>
    public static string? FindProjectFile(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var candidate = Path.Combine(current.FullName, ProjectFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string ProjectRoot(string? projectFile, string workingDirectory) =>
        projectFile is not null ? Path.GetDirectoryName(projectFile)! : FindGitRoot(workingDirectory) ?? workingDirectory;

    private static string? FindGitRoot(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git")))
            {
                return current.FullName;
            }
        }

        return null;
    }

    private static IReadOnlyList<ConfigAssignment> ReadFile(string path, ConfigSourceKind kind) => TomlConfigReader.Read(ReadText(path), path, kind);

    /// <summary>Returns the trust store a load with <paramref name="options"/> consults: beside the user's configuration file.</summary>
    public static ProjectTrust TrustOf(ConfigLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ProjectTrust.BesideUserConfig(UserConfigPath(options, options.Environment ?? ConfigLoadOptions.ProcessEnvironment()));
    }

    private static string UserConfigPath(ConfigLoadOptions options, IReadOnlyDictionary<string, string?> environment) =>
        options.UserConfigPath ?? ConfigLoadOptions.DefaultUserConfigPath(environment);

    /// <summary>Reads a configuration file's text.</summary>
    /// <exception cref="ConfigException">The file cannot be read.</exception>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the configuration file: {e.Message}", e) { FilePath = path };
        }
    }

    private static IEnumerable<ConfigAssignment> FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        foreach (var key in ConfigSchema.Keys)
        {
            if (key.EnvironmentVariable is { } name && environment.GetValueOrDefault(name) is { } value)
            {
                yield return new ConfigAssignment(key.Path, value, new ConfigSource(ConfigSourceKind.Environment, name));
            }
        }
    }

    private static MemfunConfig Bind(IReadOnlyList<ConfigAssignment> assignments, string projectRoot, string? projectFile, string? userFile, Func<bool>? projectTrusted)
    {
        // Plain loops over reference types: this runs at the start of every command, and LINQ over value tuples is
        // compiled at run time even in a ReadyToRun build (issue 20).
        var problems = new List<ConfigProblem>();
        var accepted = new List<AcceptedValue>();
        List<ConfigEntry> untrusted = [];
        List<ConfigEntry> trusted = [];
        // The user's file's values: with the defaults, the limits a project file may tighten but, untrusted, not loosen.
        // The layers come in order (user file, project file, environment, flags), so they are all here when the project's
        // values come; they are applied only if a project value is a limit (LayersBelow).
        List<AcceptedValue> userValues = [];
        MemfunConfig? belowProject = null;
        foreach (var assignment in assignments)
        {
            if (Check(assignment, problems) is not { } checkedValue)
            {
                continue;
            }

            if (assignment.Source.Kind == ConfigSourceKind.UserFile)
            {
                userValues.Add(checkedValue);
            }
            else if (assignment.Source.Kind == ConfigSourceKind.ProjectFile && NeedsTrust(checkedValue, () => belowProject ??= LayersBelow(userValues), userValues))
            {
                // Checked like every value (a bad one is still an error), then set aside unless the user trusted the file.
                var entry = new ConfigEntry(assignment.Path, checkedValue.Value, assignment.Source);
                if (projectTrusted?.Invoke() != true)
                {
                    untrusted.Add(entry);
                    continue;
                }

                trusted.Add(entry);
            }

            accepted.Add(checkedValue);
        }

        if (problems.Count > 0)
        {
            throw ConfigProblem.ToException(problems);
        }

        var config = new MemfunConfig { ProjectRoot = projectRoot, ProjectFile = projectFile, UserFile = userFile, UntrustedSettings = untrusted, TrustedSettings = trusted };
        var sources = new Dictionary<string, ConfigSource>(StringComparer.Ordinal);
        var patternValues = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, assignment, value) in accepted)
        {
            if (key.Apply is not null)
            {
                config = key.Apply(config, value);
            }

            if (key.IsPattern)
            {
                patternValues[assignment.Path] = value;
            }

            sources[assignment.Path] = assignment.Source;
        }

        config = config with
        {
            Llm = config.Llm with { Prices = BindPrices(patternValues) },
            Mcp = new McpSettings { Servers = BindServers(patternValues, sources, problems) },
        };
        if (problems.Count > 0)
        {
            throw ConfigProblem.ToException(problems);
        }

        var bound = config;
        return config with { EntryList = new(() => Entries(bound, sources, patternValues)) };
    }

    // Whether a project file's value needs the user's trust: the key could run a program, weaken the sandbox or send data
    // away, or the value loosens a limit below what the defaults and the user's file leave.
    private static bool NeedsTrust(AcceptedValue project, Func<MemfunConfig> belowProject, List<AcceptedValue> userValues)
    {
        var (key, assignment, value) = project;
        if (key.RequiresTrust)
        {
            return true;
        }

        if (key.Limit == ConfigLimit.None)
        {
            return false;
        }

        if (!key.IsPattern)
        {
            return key.Loosens(value, key.Read!(belowProject()));
        }

        // A * key (a model's price): the user's value for the same path (the last, as layering takes it), else the list price.
        var baseline = ListPrice(assignment.Path);
        foreach (var user in userValues)
        {
            if (user.Assignment.Path == assignment.Path)
            {
                baseline = user.Value;
            }
        }

        return key.Loosens(value, baseline);
    }

    private static MemfunConfig LayersBelow(List<AcceptedValue> userValues)
    {
        var config = new MemfunConfig();
        foreach (var user in userValues)
        {
            if (user.Key.Apply is { } apply)
            {
                config = apply(config, user.Value);
            }
        }

        return config;
    }

    // The built-in price a llm.prices.MODEL.FIELD value overrides, or null for a model without one.
    private static object? ListPrice(string path)
    {
        var segments = ConfigPath.Split(path);
        if (segments is not ["llm", "prices", var model, var field] || !PriceTable.Default.TryGetPrice(model, out var price))
        {
            return null;
        }

        return PriceField(price, field);
    }

    private static double? PriceField(ModelPrice price, string field) => field switch
    {
        "input_per_mtok" => price.InputPerMTok,
        "output_per_mtok" => price.OutputPerMTok,
        "cached_input_per_mtok" => price.CachedInputPerMTok,
        _ => null,
    };

    private static List<ConfigEntry> Entries(MemfunConfig config, Dictionary<string, ConfigSource> sources, Dictionary<string, object> patternValues)
    {
        var entries = new List<ConfigEntry>();
        foreach (var key in ConfigSchema.Keys)
        {
            if (!key.IsPattern)
            {
                entries.Add(new ConfigEntry(key.Path, key.Read!(config), sources.GetValueOrDefault(key.Path, ConfigSource.Default)));
            }
        }

        var patternPaths = new List<string>(patternValues.Keys);
        patternPaths.Sort(StringComparer.Ordinal);
        foreach (var path in patternPaths)
        {
            entries.Add(new ConfigEntry(path, patternValues[path], sources[path]));
        }

        return entries;
    }

    private static AcceptedValue? Check(ConfigAssignment assignment, List<ConfigProblem> problems)
    {
        var fromFile = assignment.Source.Kind is ConfigSourceKind.UserFile or ConfigSourceKind.ProjectFile;
        var lastSegment = ConfigPath.Split(assignment.Path)[^1];
        if (fromFile && (SecretRedactor.IsSecretName(lastSegment) || (assignment.Value is string s && SecretRedactor.LooksLikeSecret(s))))
        {
            problems.Add(new ConfigProblem(MemfunErrorCodes.ConfigLiteralSecret, assignment,
                "a secret must not be written in a configuration file",
                "put it in an environment variable and reference that by name, e.g. api_key_env = \"OPENAI_API_KEY\"; for a URL with a password, set MEMFUN_BACKEND_REDIS_URL or MEMFUN_BACKEND_NATS_URL"));
            return null;
        }

        var key = ConfigSchema.Find(assignment.Path);
        if (key is null)
        {
            var candidates = ConfigSchema.Keys.Select(k => k.IsPattern ? SubstitutePattern(k.Path, assignment.Path) : k.Path);
            var suggestion = Suggestions.Closest(assignment.Path, candidates);
            problems.Add(new ConfigProblem(MemfunErrorCodes.ConfigUnknownKey, assignment, "unknown key",
                suggestion is null ? "see docs/configuration.md for every key" : $"did you mean '{suggestion}'?"));
            return null;
        }

        if (Convert(key, assignment.Value, fromText: assignment.Source.Kind is ConfigSourceKind.Environment or ConfigSourceKind.CommandLine) is not { } value)
        {
            problems.Add(new ConfigProblem(MemfunErrorCodes.ConfigWrongType, assignment, $"expected {Describe(key)}, got {DescribeValue(assignment.Value)}", null));
            return null;
        }

        if (key.Kind == ConfigValueKind.Choice)
        {
            var choice = key.Choices.FirstOrDefault(c => string.Equals(c, (string)value, StringComparison.OrdinalIgnoreCase));
            if (choice is null)
            {
                problems.Add(new ConfigProblem(MemfunErrorCodes.ConfigBadValue, assignment, $"'{value}' is not one of: {string.Join(", ", key.Choices)}",
                    Suggestions.Closest((string)value, key.Choices) is { } close ? $"did you mean '{close}'?" : null));
                return null;
            }

            value = choice;
        }

        if (key.Validate?.Invoke(value) is { } error)
        {
            problems.Add(new ConfigProblem(MemfunErrorCodes.ConfigBadValue, assignment, $"{DescribeValue(value)} {error}", null));
            return null;
        }

        return new AcceptedValue(key, assignment, value);
    }

    private static string SubstitutePattern(string pattern, string path)
    {
        var patternSegments = ConfigPath.Split(pattern);
        var pathSegments = ConfigPath.Split(path);
        return ConfigPath.Join(patternSegments.Select((s, i) => s == "*" && i < pathSegments.Count ? pathSegments[i] : s));
    }

    private static object? Convert(ConfigKey key, object raw, bool fromText)
    {
        if (fromText && raw is string text)
        {
            return key.Kind switch
            {
                ConfigValueKind.WholeNumber => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
                ConfigValueKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
                ConfigValueKind.Boolean => text.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" or "on" => true,
                    "false" or "0" or "no" or "off" => false,
                    _ => null,
                },
                ConfigValueKind.TextList => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                _ => text,
            };
        }

        return key.Kind switch
        {
            ConfigValueKind.Text or ConfigValueKind.Choice => raw as string,
            ConfigValueKind.WholeNumber => raw is long ? raw : null,
            ConfigValueKind.Number => raw switch { double d => d, long l => (double)l, _ => null },
            ConfigValueKind.Boolean => raw is bool ? raw : null,
            ConfigValueKind.TextList => raw is List<string> ? raw : null,
            _ => null,
        };
    }

    private static string Describe(ConfigKey key) => key.Kind switch
    {
        ConfigValueKind.Text => "a string",
        ConfigValueKind.Choice => "one of: " + string.Join(", ", key.Choices),
        ConfigValueKind.WholeNumber => "a whole number",
        ConfigValueKind.Number => "a number",
        ConfigValueKind.Boolean => "true or false",
        _ => "an array of strings",
    };

    private static string DescribeValue(object value) => value switch
    {
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        long or double => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
        List<string> => "an array",
        UnsupportedConfigValue u => "a " + u.TypeName,
        _ => value.GetType().Name,
    };

    // A field not given keeps the model's list price, if it has one: overriding one price must not make the others free.
    private static Dictionary<string, ModelPrice> BindPrices(IReadOnlyDictionary<string, object> values)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var model in NamesUnder(values, "llm", "prices"))
        {
            var listPrice = PriceTable.Default.TryGetPrice(model, out var known) ? known : null;
            double Get(string field) => values.TryGetValue(ConfigPath.Join(["llm", "prices", model, field]), out var v) ? (double)v
                : listPrice is not null ? PriceField(listPrice, field)!.Value
                : 0;
            prices[model] = new ModelPrice(Get("input_per_mtok"), Get("output_per_mtok"), Get("cached_input_per_mtok"));
        }

        return prices;
    }

    private static Dictionary<string, McpServerSettings> BindServers(IReadOnlyDictionary<string, object> values, IReadOnlyDictionary<string, ConfigSource> sources, List<ConfigProblem> problems)
    {
        var servers = new Dictionary<string, McpServerSettings>(StringComparer.Ordinal);
        foreach (var name in NamesUnder(values, "mcp", "servers"))
        {
            string Path(string field) => ConfigPath.Join(["mcp", "servers", name, field]);
            T? Get<T>(string field) where T : class => values.TryGetValue(Path(field), out var v) ? (T)v : null;
            var server = new McpServerSettings
            {
                Name = name,
                Command = Get<string>("command"),
                Args = Get<List<string>>("args") ?? [],
                Env = Get<List<string>>("env") ?? [],
                Url = Get<string>("url"),
                TokenEnv = Get<string>("token_env"),
            };
            if ((server.Command is null) == (server.Url is null))
            {
                var anyField = values.Keys.First(k => k.StartsWith(ConfigPath.Join(["mcp", "servers", name]) + ".", StringComparison.Ordinal));
                problems.Add(new ConfigProblem(MemfunErrorCodes.ConfigBadValue, new ConfigAssignment(ConfigPath.Join(["mcp", "servers", name]), name, sources[anyField]),
                    "an MCP server needs exactly one of 'command' (stdio) or 'url' (HTTP)", null));
                continue;
            }

            servers[name] = server;
        }

        return servers;
    }

    // A loop, not LINQ: it runs on every load, mostly over no values at all (issue 20).
    private static List<string> NamesUnder(IReadOnlyDictionary<string, object> values, string section, string table)
    {
        var names = new List<string>();
        foreach (var path in values.Keys)
        {
            var segments = ConfigPath.Split(path);
            if (segments.Count == 4 && segments[0] == section && segments[1] == table && !names.Contains(segments[2]))
            {
                names.Add(segments[2]);
            }
        }

        return names;
    }

    private sealed record AcceptedValue(ConfigKey Key, ConfigAssignment Assignment, object Value);
}
