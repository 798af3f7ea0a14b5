namespace Memfun.Cli.Help;

/// <summary>
/// The whole command tree as <c>--help</c> shows it, written out so that help is answered without building
/// Spectre.Console.Cli's command model by reflection (issue 20: start-up time).
/// </summary>
/// <remarks>
/// This is a copy of what the settings types and <see cref="MemfunApp"/> declare. <c>FastHelpTests</c> renders every
/// command's help both ways and fails on any difference, so a new command, option or description must be added here too.
/// </remarks>
internal static class CommandCatalog
{
    private static readonly HelpOption Verbose = new('v', "verbose", null, null, "Show debug logs, and stack traces on errors");
    private static readonly HelpOption Json = new(null, "json", null, null, "Print JSON on standard output (human-readable text goes to standard error)");
    private static readonly HelpOption OutputFormat = new(null, "output-format", "FORMAT", null, "text (default), json (one document at the end; same as --json) or stream-json (one JSON event per line as the run goes)");
    private static readonly HelpOption Context = new(null, "context", "PATH", null, "Bind a file, or every file of a folder, as a REPL variable the model can read (repeatable); piped standard input is bound as `stdin`");
    private static readonly HelpOption MaxIterations = new(null, "max-iterations", "N", null, "Most turns of the root model (overrides [agent] max_iterations)");
    private static readonly HelpOption Budget = new(null, "budget", "USD", null, "Most US dollars the run may spend on model calls (overrides [llm] max_cost_usd)");
    private static readonly HelpOption Model = new(null, "model", "MODEL", null, "Root model for this run (overrides [llm] model)");
    private static readonly HelpOption Timeout = new(null, "timeout", "SECONDS", null, "Wall-clock limit of the run, in seconds (overrides [agent] timeout_s)");
    private static readonly HelpOption Mode = new(null, "mode", "MODE", null, "What the agent may do to files: read-only, ask or auto-edit (overrides [agent] mode)");
    private static readonly HelpOption Remote = new(null, "remote", null, null, "Send the task to a worker (memfun worker) through the configured Redis or NATS tier; progress streams back and the trace is stored here. Workers need a checkout at this commit");
    private static readonly HelpOption Seed = new(null, "seed", "N", null, "Seed of the generated suites: the same seed gives the same tasks");
    private static readonly HelpOption Sizes = new(null, "sizes", "SIZES", null, "Sizes of the aggregation contexts, such as 1KB,100KB,10MB (default 1KB to 10MB)");
    private static readonly HelpOption RepoFiles = new(null, "repo-files", "N", null, "Files in each generated needle repository (default 2000)");
    private static readonly HelpOption Count = new(null, "count", "N", null, "Tasks in the needle and fix suites (default 3)");
    private static readonly HelpOption Strict = new(null, "strict", null, null, "Fail on warnings too (unknown fields, unknown tools)");
    private static readonly HelpOption[] JsonOptions = [Verbose, Json];
    private static readonly HelpOption[] AgentOptions = [Verbose, Json, OutputFormat, Context, MaxIterations, Budget, Model, Timeout, Mode];

    /// <summary>Gets the root of the tree: <c>memfun</c> itself, whose commands are the top-level commands.</summary>
    public static HelpCommand Root { get; } = new("", null)
    {
        Commands =
        [
            new("init", "Create memfun.toml for this project (interactive, or with flags and --yes)")
            {
                Options =
                [
                    Verbose,
                    new(null, "provider", "PROVIDER", null, "Model provider: openai-compatible (default; Ollama, vLLM, LM Studio...), openai, anthropic, ollama"),
                    new(null, "model", "MODEL", null, "Root model, which drives the agent"),
                    new(null, "sub-model", "MODEL", null, "Cheaper model for sub-calls (default: the root model)"),
                    new(null, "base-url", "URL", null, "Endpoint of an OpenAI-compatible server (default: Ollama's http://localhost:11434/v1)"),
                    new(null, "api-key-env", "NAME", null, "NAME of the environment variable holding the API key (never the key itself)"),
                    new(null, "backend", "TIER", null, "Runtime backend: sqlite (default), memory, redis, nats"),
                    new(null, "sandbox", "KIND", null, "Where model-written code runs: local (default, bubblewrap) or docker"),
                    new('y', "yes", null, null, "Do not ask: use the flags and defaults (for scripts)"),
                    new(null, "force", null, null, "Overwrite an existing memfun.toml"),
                ],
                Examples = ["init --provider openai --model gpt-4.1 --api-key-env OPENAI_API_KEY --yes"],
            },
            new("config", "Inspect the effective configuration, and trust a project's memfun.toml")
            {
                Commands =
                [
                    JsonCommand("show", "Show every setting, its value and where it came from"),
                    new("trust", "Let the project's memfun.toml, as it is now, set the keys that need trust (MCP servers, endpoints, sandbox)")
                    {
                        Options = [Verbose, new(null, "revoke", null, null, "Stop trusting the project's memfun.toml")],
                    },
                ],
            },
            new("doctor", "Check the tools, backend and model endpoint Memfun needs")
            {
                Options =
                [
                    .. JsonOptions,
                    new(null, "deep", null, null, "Also send the root model a one-token request, to prove the key and model name work (costs one token)"),
                ],
            },
            new("ask", "Answer a question about the codebase")
            {
                Arguments = [new("QUESTION", true, "The question, in quotes")],
                Options = [.. AgentOptions, Remote],
                Examples = ["ask \"Where are HTTP retries configured?\""],
            },
            new("explain", "Explain a file, symbol or line range")
            {
                Arguments = [new("TARGET", true, "A file (src/app.py), a line range (src/app.py:10-40) or a symbol name; paths are relative to the current directory")],
                Options =
                [
                    .. AgentOptions,
                    Remote,
                    new(null, "audience", "WHO", null, "Who the explanation is for. Default: a developer new to this codebase"),
                ],
                Examples = ["explain src/app.py:10-40 --audience \"a new team member\""],
            },
            new("analyze", "Report on the architecture and quality of the repository or a path")
            {
                Arguments = [new("PATH", false, "A folder of the project, relative to the current directory. Default: the whole repository")],
                Options =
                [
                    .. AgentOptions,
                    Remote,
                    new(null, "fan-out", "N", null, "Split the repository (or PATH) into N parts by folder, analyse them on workers in parallel (implies --remote) and merge the reports"),
                ],
                Examples = ["analyze src/"],
            },
            new("review", "Review the git diff (working tree, staged, or a ref range)")
            {
                Options =
                [
                    .. AgentOptions,
                    Remote,
                    new(null, "staged", null, null, "Review the staged changes instead of the working tree"),
                    new(null, "range", "RANGE", null, "Review a ref range, for example main..HEAD"),
                ],
                Examples = ["review --range main..HEAD"],
            },
            new("fix", "Turn a bug description into a patch, applied after approval")
            {
                Arguments = [new("DESCRIPTION", true, "What is wrong, in quotes (a symptom, an error message, a failing test)")],
                Options =
                [
                    .. AgentOptions,
                    new('y', "yes", null, null, "Apply the patch without asking, as --mode auto-edit does (for scripts); undo with memfun undo"),
                ],
                Examples = ["fix \"parse_date crashes on empty strings\""],
            },
            new("apply", "Apply the patch an earlier run kept (all of it, or the files named)")
            {
                Arguments = [new("RUN_ID", true, "The run whose kept patch to apply (its id, or a unique prefix)"), new("FILES", false, "Apply only these files of the patch (project-relative paths); every file when none are given")],
                Options =
                [
                    .. JsonOptions,
                    new('y', "yes", null, null, "Apply without asking (for scripts); undo with memfun undo"),
                ],
                Examples = ["apply 20261130-101500-ab12cd --yes"],
            },
            new("undo", "Restore the files the latest applied patch changed (refuses when they were edited since)")
            {
                Arguments = [new("RUN_ID", false, "Undo this run's latest applied patch (its id, or a unique prefix); the latest applied patch of any run when absent")],
                Options =
                [
                    .. JsonOptions,
                    new(null, "list", null, null, "List the applied patches that can be undone, newest first"),
                ],
                Examples = ["undo"],
            },
            new("submit", "Send ask, explain, analyze, review or fix to a worker through the configured tier")
            {
                Arguments = [new("COMMAND", true, "ask, explain, analyze, review or fix"), new("TEXT", false, "The question (ask), target (explain), folder (analyze) or bug (fix), in quotes")],
                Options =
                [
                    .. AgentOptions,
                    Remote,
                    new(null, "audience", "WHO", null, "Who an explanation is for (explain)"),
                    new(null, "range", "RANGE", null, "The ref range to review (review), for example main..HEAD"),
                ],
                Examples = ["submit ask \"Where is the retry policy?\""],
            },
            new("chat", "Talk with the agent about the codebase interactively (/help for slash commands); `memfun` alone starts it")
            {
                Options =
                [
                    .. AgentOptions,
                    new('c', "continue", null, null, "Continue this project's most recent chat"),
                    new(null, "resume", "ID", null, "Continue the chat with this session id (or a unique prefix; `memfun sessions list` shows them)"),
                ],
            },
            new("sessions", "List, show and delete this project's chats (resume one with `memfun chat --resume ID`)")
            {
                Commands =
                [
                    JsonCommand("list", "List this project's chats, the most recent first"),
                    JsonCommand("show", "Show one chat, turn by turn", new("ID", true, "The session id, a unique prefix of it, or `last`")),
                    JsonCommand("delete", "Delete one chat", new("ID", true, "The session id, a unique prefix of it, or `last`")),
                ],
            },
            new("eval", "Score the agent on task suites beside the no-REPL baseline")
            {
                Arguments = [new("SUITE", false, "Built-in suites (aggregation, needle, fix) or .jsonl task files; all built-in suites when none")],
                Options =
                [
                    .. AgentOptions,
                    Seed,
                    Sizes,
                    RepoFiles,
                    Count,
                    new(null, "no-baseline", null, null, "Do not run the no-REPL baseline (the model given the context directly)"),
                    new(null, "markdown", "PATH", null, "Where to write the Markdown report (default .memfun/eval/report.md)"),
                ],
                Examples = ["eval aggregation --sizes 1KB,1MB --seed 7"],
            },
            new("optimize", "Improve the agent from its traces and evals: --report, MIPROv2 over the root prompt, --show, --reset")
            {
                Arguments = [new("SUITE", false, "Built-in suites (aggregation, needle, fix) or .jsonl task files; all built-in suites when none")],
                Options =
                [
                    .. AgentOptions,
                    Seed,
                    Sizes,
                    RepoFiles,
                    Count,
                    new(null, "report", null, null, "Show the inefficiencies and successful strategies of the recorded runs; changes nothing"),
                    new(null, "show", null, null, "Show the optimized root program every run uses, and how it was found"),
                    new(null, "reset", null, null, "Remove the optimized root program; runs use the default prompt again"),
                    new(null, "synthesize", null, null, "Run the suites, turn recurring successful strategies into SKILL.md and AGENT.md drafts, and write those that validate, do not lower their tasks' score and you approve"),
                    new(null, "yes", null, null, "With --synthesize: write the drafts that pass their checks without asking"),
                    new(null, "trials", "N", null, "Most search trials over (instruction x demo set) (default 12)"),
                    new(null, "minibatch", "N", null, "Tasks scored per trial (default 8; the best candidates are then scored on every task)"),
                    new(null, "candidates", "N", null, "Instruction candidates the model proposes (default 4)"),
                ],
                Examples = ["optimize aggregation needle --trials 12 --budget 2"],
            },
            new("traces", "Read the recorded traces of agent runs")
            {
                Commands =
                [
                    JsonCommand("list", "List recorded runs, newest first"),
                    JsonCommand("show", "Show one run's turns, code, outputs, sub-calls and cost", new("RUN", false, "A run id, a unique prefix of one, or 'last' (the default)")),
                ],
            },
            new("skill", "Discover, validate and run Agent Skills")
            {
                Commands =
                [
                    JsonCommand("list", "List skills, where each came from and which definition won"),
                    JsonCommand("info", "Show a skill's fields, permissions, files and instructions", new("NAME", true, "The skill's name (memfun skill list shows them)")),
                    new("invoke", "Run a skill as an agent task in the sandbox")
                    {
                        Arguments = [new("NAME", true, "The skill's name (with --path: any name, the folder's skill runs)"), new("INPUT", false, "What to apply the skill to, in quotes")],
                        Options =
                        [
                            .. AgentOptions,
                            new(null, "path", "DIR", null, "Run the skill in this folder (not installed: it runs as untrusted, read-only)"),
                            new('y', "yes", null, null, "Approve commands and apply edits without asking (for scripts)"),
                        ],
                        Examples = ["skill invoke commit-message"],
                    },
                    new("search", "Search skills by name and description")
                    {
                        Arguments = [new("QUERY", true, "Words to look for in skill names and descriptions")],
                        Options = [.. JsonOptions, new(null, "limit", "N", null, "Most results (default 10)")],
                    },
                    new("create", "Scaffold a new valid skill in .agents/skills/")
                    {
                        Arguments = [new("NAME", true, "The skill's name: 1-64 lowercase letters, digits and hyphens")],
                        Options =
                        [
                            Verbose,
                            new('d', "description", "TEXT", null, "What the skill does and when to use it (up to 1024 characters)"),
                            new(null, "user", null, null, "Create it in $XDG_CONFIG_HOME/memfun/skills/ (all projects) instead of the project's .agents/skills/"),
                        ],
                        Examples = ["skill create release-notes --description \"Write release notes from merged changes.\""],
                    },
                    new("validate", "Check skills against the Agent Skills specification (non-zero exit on errors)")
                    {
                        Arguments = [new("PATH", false, "Definition folders, their SKILL.md/AGENT.md files, or folders of them (default: the project's .memfun/ and .agents/ folders)")],
                        Options = [.. JsonOptions, Strict],
                        Examples = ["skill validate ./skills"],
                    },
                ],
            },
            new("agent", "Discover, validate and run AGENT.md agents")
            {
                Commands =
                [
                    JsonCommand("list", "List agents and their capabilities"),
                    JsonCommand("info", "Show an agent's definition", new("NAME", true, "The agent's name (memfun agent list shows them)")),
                    new("run", "Carry out a task as an AGENT.md agent in the sandbox (others answer its delegations)")
                    {
                        Arguments = [new("NAME", true, "The agent's name (memfun agent list shows them)"), new("TASK", true, "The task for the agent, in quotes")],
                        Options =
                        [
                            .. AgentOptions,
                            new('y', "yes", null, null, "Apply the agent's edits without asking (for scripts)"),
                        ],
                        Examples = ["agent run reviewer \"Review the error handling in src/\""],
                    },
                    new("validate", "Check AGENT.md definitions (non-zero exit on errors)")
                    {
                        Arguments = [new("PATH", false, "Definition folders, their SKILL.md/AGENT.md files, or folders of them (default: the project's .memfun/ and .agents/ folders)")],
                        Options = [.. JsonOptions, Strict],
                        Examples = ["agent validate ./agents"],
                    },
                ],
            },
            new("mcp", "Serve Memfun's tools, agents and skills over MCP")
            {
                Commands =
                [
                    new("serve", "Run the MCP gateway over stdio, or Streamable HTTP with --http")
                    {
                        Options =
                        [
                            Verbose,
                            new(null, "http", null, null, "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio"),
                            new(null, "host", "ADDRESS", "127.0.0.1", "Address to bind with --http (default 127.0.0.1; anything else needs --token-env)"),
                            new(null, "port", "PORT", "8765", "Port with --http (default 8765; 0 picks a free port)"),
                            new(null, "token-env", "NAME", null, "Environment variable holding the bearer token HTTP clients must send"),
                            new(null, "allowed-origin", "URL", null, "With --http, also accept requests from pages on this origin, e.g. http://localhost:6274 (repeatable). Otherwise an Origin other than the server's own gets HTTP 403"),
                            new(null, "allowed-host", "NAME", null, "With --http, also accept requests whose Host header is NAME or NAME:PORT, e.g. behind a proxy (repeatable). Otherwise only localhost, 127.0.0.1 and [::1] with the server's port"),
                            new(null, "allow-writes", null, null, "Let clients call write_file, edit_file and git_commit (otherwise they are refused with MF9003)"),
                        ],
                        Examples = ["mcp serve --http --port 8765"],
                    },
                ],
            },
            new("completion", "Print a shell completion script (bash, zsh or fish)")
            {
                Arguments = [new("SHELL", true, "bash, zsh or fish")],
                Options = [Verbose],
                Examples = ["completion bash"],
            },
            new("worker", "Host agents on a Redis or NATS runtime and serve tasks until stopped")
            {
                Options =
                [
                    Verbose,
                    new('a', "agent", "NAME", null, "An agent to host (repeatable): coding (the coding agent), an AGENT.md agent of the repository, or the demo agents echo and sleep. Default: coding and every AGENT.md agent"),
                    new(null, "repo", "PATH", null, "The worker's checkout of the repository the agents work on (default: the current directory); a task for another commit is refused"),
                    new('n', "instances", "N", "1", "Instances of each agent in this worker (default 1); they compete for its tasks"),
                ],
                Examples = ["worker --agent echo --instances 2"],
            },
        ],
    };

    // A command whose only options are --verbose and --json.
    private static HelpCommand JsonCommand(string name, string description, HelpArgument? argument = null) =>
        new(name, description) { Arguments = argument is null ? [] : [argument], Options = JsonOptions };
}
