using Memfun.Cli.Infrastructure;
using Memfun.Hosting;
using Memfun.Hosting.Configuration;
using Memfun.Runtime;
using Memfun.Runtime.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Sessions;

/// <summary>Base of <c>memfun sessions list|show|delete</c>: opens the project's runtime and its chats.</summary>
/// <typeparam name="TSettings">The command's settings.</typeparam>
public abstract class SessionsCommand<TSettings>(CliEnvironment environment) : MemfunCommand<TSettings>(environment)
    where TSettings : JsonSettings
{
    /// <inheritdoc />
    protected sealed override async Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig();
        if (config.Backend.Tier == BackendTier.Sqlite && !File.Exists(config.ResolvePath(config.Backend.SqlitePath))
            && RunWithoutChatsAsync(settings) is { } withoutChats)
        {
            // No database yet, so no chats: answered without creating one (a listing leaves the project as it was).
            return await withoutChats.ConfigureAwait(false);
        }

        await using var host = OpenHost(config, Environment, LoggerFactory);
        var chats = await OpenChatsAsync(host, config, cancellationToken).ConfigureAwait(false);
        return await RunAsync(chats, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the command in a project that has no chats yet (no database); null when it needs the runtime anyway.</summary>
    private protected virtual Task<int>? RunWithoutChatsAsync(TSettings settings) => null;

    /// <summary>Runs the command on the project's chats.</summary>
    private protected abstract Task<int> RunAsync(ChatSessions chats, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Builds the services of <paramref name="config"/>; the runtime connects on first use.</summary>
    internal static MemfunHost OpenHost(MemfunConfig config, CliEnvironment environment, ILoggerFactory loggerFactory)
    {
        StateDirectory.Ensure(config.ProjectRoot);
        return MemfunHost.Create(config, new MemfunHostEnvironment(environment.Variables), loggerFactory);
    }

    /// <summary>Returns the chats of the project, kept in the runtime's sessions.</summary>
    internal static async Task<ChatSessions> OpenChatsAsync(MemfunHost host, MemfunConfig config, CancellationToken cancellationToken)
    {
        var runtime = await host.Get<MemfunRuntimeProvider>().GetRuntimeAsync(cancellationToken).ConfigureAwait(false);
        return new ChatSessions(runtime.Context.Sessions, config.ProjectRoot);
    }
}
