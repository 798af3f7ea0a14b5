using System.Runtime.ExceptionServices;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// The process's configuration, loaded on a thread of its own while the command line is parsed and the consoles are set
/// up, so that the two overlap at the start of a command (issue 20). The command takes it when it loads the same thing
/// (the working directory, no overrides); otherwise it loads its own, which then runs on code this load has already
/// prepared (most of a first load's cost).
/// </summary>
internal sealed class ConfigPreload
{
    private readonly ConfigLoadOptions _options;
    private readonly Thread _thread;
    private MemfunConfig? _config;
    private ExceptionDispatchInfo? _failure;

    private ConfigPreload(ConfigLoadOptions options)
    {
        _options = options;
        _thread = new Thread(Load) { IsBackground = true, Name = "memfun config" };
    }

    /// <summary>
    /// Returns whether the command <paramref name="args"/> name starts by loading the working directory's configuration
    /// and changes no configuration file before it does (<c>init</c> writes one, so it is not here; <c>skill|agent
    /// validate</c> read no configuration, and would only pay for the thread).
    /// </summary>
    public static bool Helps(string[] args) =>
        args is ["config" or "skill" or "agent" or "traces" or "sessions" or "undo" or "apply" or "doctor"
            or "ask" or "explain" or "analyze" or "review" or "fix" or "eval" or "optimize", ..] and not ["skill" or "agent", "validate", ..];

    /// <summary>Starts loading the configuration <paramref name="options"/> describe.</summary>
    public static ConfigPreload Start(ConfigLoadOptions options)
    {
        var preload = new ConfigPreload(options);
        preload._thread.Start();
        return preload;
    }

    /// <summary>
    /// Waits for the load, and returns its configuration when it is what <paramref name="options"/> ask for; null
    /// otherwise (the caller loads its own, not in parallel with this one).
    /// </summary>
    /// <exception cref="ConfigException">The configuration is invalid (the same error a load of its own would give).</exception>
    public MemfunConfig? TryTake(ConfigLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _thread.Join();
        if (options.WorkingDirectory != _options.WorkingDirectory || options.UserConfigPath != _options.UserConfigPath
            || !ReferenceEquals(options.Environment, _options.Environment) || options.Overrides.Count > 0 || options.TrustProjectFile)
        {
            return null;
        }

        _failure?.Throw();
        return _config;
    }

    private void Load()
    {
        try
        {
            _config = ConfigLoader.Load(_options);
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }
}
