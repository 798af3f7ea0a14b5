using System.Reflection;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Commands.Changes;
using Memfun.Cli.Commands.Completion;
using Memfun.Cli.Commands.Config;
using Memfun.Cli.Commands.Mcp;
using Memfun.Cli.Commands.Sessions;
using Memfun.Cli.Commands.Agents;
using Memfun.Cli.Commands.Optimize;
using Memfun.Cli.Commands.Setup;
using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Commands.Traces;
using Memfun.Cli.Commands.Worker;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli;

/// <summary>Builds and runs the <c>memfun</c> command tree.</summary>
public static class MemfunApp
{
    /// <summary>Gets the version printed by <c>memfun --version</c>.</summary>
    public static string Version { get; } =
        typeof(MemfunApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Runs the command line in <paramref name="environment"/> and returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, CliEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= CliEnvironment.FromProcess(preloadConfig: ConfigPreload.Helps(args));
        if (args is ["--version"])
        {
            environment.Out.WriteLine(Version);
            return Task.FromResult(ExitCodes.Success);
        }

        args = CommandLine.Normalize(args);
        return DirectCommands.TryRun(args, environment, cancellationToken) ?? RunTreeAsync(args, environment, cancellationToken);
    }

    /// <summary>Runs normalized <paramref name="args"/> through the whole command tree (what <see cref="DirectCommands"/> shortcuts).</summary>
    internal static async Task<int> RunTreeAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddSingleton(environment);
        DoctorChecks.AddBuiltInChecks(services, environment);

        var verbose = args.Contains("-v") || args.Contains("--verbose");
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("memfun");
            config.ConfigureConsole(environment.Out);
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.SetInterceptor(new StrictOptions());
            config.SetExceptionHandler((exception, _) => HandleException(environment, exception, verbose));
            Configure(config);
        });
        return await app.RunAsync(args, cancellationToken).ConfigureAwait(false);
    }

    private static void Configure(IConfigurator config)
    {
        config.AddCommand<InitCommand>("init")
            .WithDescription("Create memfun.toml for this project (interactive, or with flags and --yes).")
            .WithExample("init", "--provider", "openai", "--model", "gpt-4.1", "--api-key-env", "OPENAI_API_KEY", "--yes");
        config.AddBranch("config", branch =>
        {
            branch.SetDescription("Inspect the effective configuration, and trust a project's memfun.toml.");
            branch.AddCommand<ConfigShowCommand>("show").WithDescription("Show every setting, its value and where it came from.").WithData("config show");
            branch.AddCommand<ConfigTrustCommand>("trust").WithDescription("Let the project's memfun.toml, as it is now, set the keys that need trust (MCP servers, endpoints, sandbox).").WithData("config trust");
        });
        config.AddCommand<DoctorCommand>("doctor").WithDescription("Check the tools, backend and model endpoint Memfun needs.");

        config.AddCommand<AskCommand>("ask").WithDescription("Answer a question about the codebase.")
            .WithExample("ask", "\"Where are HTTP retries configured?\"");
        config.AddCommand<ExplainCommand>("explain").WithDescription("Explain a file, symbol or line range.")
            .WithExample("explain", "src/app.py:10-40", "--audience", "\"a new team member\"");
        config.AddCommand<AnalyzeCommand>("analyze").WithDescription("Report on the architecture and quality of the repository or a path.")
            .WithExample("analyze", "src/");
        config.AddCommand<ReviewCommand>("review").WithDescription("Review the git diff (working tree, staged, or a ref range).")
            .WithExample("review", "--range", "main..HEAD");
        config.AddCommand<FixCommand>("fix").WithDescription("Turn a bug description into a patch, applied after approval.")
            .WithExample("fix", "\"parse_date crashes on empty strings\"");
        config.AddCommand<ApplyCommand>("apply").WithDescription("Apply the patch an earlier run kept (all of it, or the files named).")
            .WithExample("apply", "20261130-101500-ab12cd", "--yes");
        config.AddCommand<UndoCommand>("undo").WithDescription("Restore the files the latest applied patch changed (refuses when they were edited since).")
            .WithExample("undo");
        config.AddCommand<SubmitCommand>("submit").WithDescription("Send ask, explain, analyze, review or fix to a worker through the configured tier.")
            .WithExample("submit", "ask", "\"Where is the retry policy?\"");
        config.AddCommand<ChatCommand>("chat").WithDescription("Talk with the agent about the codebase interactively (/help for slash commands); `memfun` alone starts it.");
        config.AddBranch("sessions", branch =>
        {
            branch.SetDescription("List, show and delete this project's chats (resume one with `memfun chat --resume ID`).");
            branch.AddCommand<SessionsListCommand>("list").WithDescription("List this project's chats, the most recent first.").WithData("sessions list");
            branch.AddCommand<SessionsShowCommand>("show").WithDescription("Show one chat, turn by turn.").WithData("sessions show");
            branch.AddCommand<SessionsDeleteCommand>("delete").WithDescription("Delete one chat.").WithData("sessions delete");
        });
        config.AddCommand<EvalCommand>("eval").WithDescription("Score the agent on task suites beside the no-REPL baseline.")
            .WithExample("eval", "aggregation", "--sizes", "1KB,1MB", "--seed", "7");
        config.AddCommand<OptimizeCommand>("optimize").WithDescription("Improve the agent from its traces and evals: --report, MIPROv2 over the root prompt, --show, --reset.")
            .WithExample("optimize", "aggregation", "needle", "--trials", "12", "--budget", "2");
        config.AddBranch("traces", branch =>
        {
            branch.SetDescription("Read the recorded traces of agent runs.");
            branch.AddCommand<TracesListCommand>("list").WithDescription("List recorded runs, newest first.").WithData("traces list");
            branch.AddCommand<TracesShowCommand>("show").WithDescription("Show one run's turns, code, outputs, sub-calls and cost.").WithData("traces show");
        });
        config.AddBranch("skill", branch =>
        {
            branch.SetDescription("Discover, validate and run Agent Skills.");
            branch.AddCommand<SkillListCommand>("list").WithDescription("List skills, where each came from and which definition won.").WithData("skill list");
            branch.AddCommand<SkillInfoCommand>("info").WithDescription("Show a skill's fields, permissions, files and instructions.").WithData("skill info");
            branch.AddCommand<SkillInvokeCommand>("invoke").WithDescription("Run a skill as an agent task in the sandbox.").WithData("skill invoke")
                .WithExample("skill", "invoke", "commit-message");
            branch.AddCommand<SkillSearchCommand>("search").WithDescription("Search skills by name and description.").WithData("skill search");
            branch.AddCommand<SkillCreateCommand>("create").WithDescription("Scaffold a new valid skill in .agents/skills/.").WithData("skill create")
                .WithExample("skill", "create", "release-notes", "--description", "\"Write release notes from merged changes.\"");
            branch.AddCommand<SkillValidateCommand>("validate").WithDescription("Check skills against the Agent Skills specification (non-zero exit on errors).").WithData("skill validate")
                .WithExample("skill", "validate", "./skills");
        });
        config.AddBranch("agent", branch =>
        {
            branch.SetDescription("Discover, validate and run AGENT.md agents.");
            branch.AddCommand<AgentListCommand>("list").WithDescription("List agents and their capabilities.").WithData("agent list");
            branch.AddCommand<AgentInfoCommand>("info").WithDescription("Show an agent's definition.").WithData("agent info");
            branch.AddCommand<AgentRunCommand>("run").WithDescription("Carry out a task as an AGENT.md agent in the sandbox (others answer its delegations).").WithData("agent run")
                .WithExample("agent", "run", "reviewer", "\"Review the error handling in src/\"");
            branch.AddCommand<AgentValidateCommand>("validate").WithDescription("Check AGENT.md definitions (non-zero exit on errors).").WithData("agent validate")
                .WithExample("agent", "validate", "./agents");
        });
        config.AddBranch("mcp", branch =>
        {
            branch.SetDescription("Serve Memfun's tools, agents and skills over MCP.");
            branch.AddCommand<McpServeCommand>("serve").WithDescription("Run the MCP gateway over stdio, or Streamable HTTP with --http.").WithData("mcp serve")
                .WithExample("mcp", "serve", "--http", "--port", "8765");
        });
        config.AddCommand<CompletionCommand>("completion").WithDescription("Print a shell completion script (bash, zsh or fish).")
            .WithExample("completion", "bash");
        config.AddCommand<WorkerCommand>("worker")
            .WithDescription("Host agents on a Redis or NATS runtime and serve tasks until stopped.")
            .WithExample("worker", "--agent", "echo", "--instances", "2");
    }

    // Usage and parse errors come from the tree, which has built the error console already.
    private static int HandleException(CliEnvironment environment, Exception exception, bool verbose)
    {
        var error = environment.Error;
        if (exception is UsageException usage)
        {
            error.MarkupLine($"[red]error[/]: {Markup.Escape(usage.Message)}");
            if (usage.Hint is not null)
            {
                error.MarkupLine($"[yellow]hint[/]: {Markup.Escape(usage.Hint)}");
            }

            return ExitCodes.Usage;
        }

        if (exception is CommandAppException parse)
        {
            if (parse.Pretty is { } pretty)
            {
                error.Write(pretty);
            }
            else
            {
                error.MarkupLine($"[red]error[/]: {Markup.Escape(parse.Message)}");
            }

            error.MarkupLine("[grey]Run `memfun --help` for the commands and options.[/]");
            return ExitCodes.Usage;
        }

        return ErrorRenderer.Render(environment, exception, verbose);
    }
}
