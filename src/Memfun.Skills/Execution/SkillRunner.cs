using System.Globalization;
using System.Text;
using System.Text.Json;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Execution;

/// <summary>
/// Runs a skill as an agent task in the sandbox: the skill's body is the task's guidance, its files are read
/// on demand, and only the tools its <c>allowed-tools</c> and trust tier permit are offered.
/// </summary>
/// <remarks>
/// Edits are staged (the caller shows the diff and asks before writing). Commands run in the agent's command sandbox
/// (the project and the skill's folder read-only, no network), never on the host, only when a <c>Bash(...)</c> entry
/// matches and the trust tier allows or the user approves; their arguments reach the program unexpanded.
/// </remarks>
public sealed class SkillRunner(string projectRoot, IApprover approver)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private const int MaxCommandOutputChars = 20_000;

    /// <summary>Runs <paramref name="skill"/> on <paramref name="input"/> with <paramref name="agent"/>.</summary>
    /// <exception cref="SkillException">The skill asks for tools its trust tier denies.</exception>
    public async Task<CodingResult> RunAsync(CodingAgent agent, SkillDefinition skill, string input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(skill);
        var grant = ToolGrant.Resolve(skill.Name, skill.AllowedTools, skill.Trust);
        var task = new CodingTask
        {
            Query = string.IsNullOrWhiteSpace(input) ? $"Apply the skill '{skill.Name}' to this project." : input,
            Guidance = Guidance(skill),
            Editing = grant.Editing,
            RepositoryTools = grant.RepositoryTools,
            Policy = grant.Effective,
            Tools = Tools(skill, grant, agent.Options),
        };
        return await agent.RunTaskAsync(task, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns what a skill tells the agent: its description, its instructions (the body) and the list of its files.</summary>
    /// <param name="skill">The skill.</param>
    /// <exception cref="SkillException">The file changed and is no longer valid.</exception>
    public static string Guidance(SkillDefinition skill)
    {
        ArgumentNullException.ThrowIfNull(skill);
        var body = skill.ReadBody();
        var files = skill.ResourceFiles();
        var guidance = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"You are carrying out the skill '{skill.Name}': {skill.Description}\n\n")
            .Append("## Skill instructions\n").Append(body).Append('\n');
        if (files.Count > 0)
        {
            guidance.Append("\n## Skill files (read with read_skill_file(path) when the instructions need them)\n")
                .AppendJoin('\n', files.Select(f => "- " + f)).Append('\n');
        }

        return guidance.ToString();
    }

    /// <summary>Returns the host tools a skill gets besides the repository tools: its files, and commands when granted.</summary>
    /// <param name="skill">The skill.</param>
    /// <param name="grant">What its allowed-tools and trust tier permit.</param>
    /// <param name="agent">The agent's options: its command sandbox runs the skill's commands.</param>
    public IReadOnlyList<RlmTool> Tools(SkillDefinition skill, ToolGrant grant, CodingAgentOptions agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(skill);
        ArgumentNullException.ThrowIfNull(grant);
        var tools = new List<RlmTool>
        {
            new("read_skill_file", "read_skill_file(path) -> str: a file of this skill (references/, assets/, scripts/), relative to the skill's folder.",
                async (call, token) => Json(await skill.ReadResourceAsync(new HostArguments("read_skill_file", call).Text(0, "path"), token).ConfigureAwait(false))),
        };
        if (grant.Commands.Count > 0)
        {
            var allowed = string.Join(" ", grant.Commands.Select(c => c.Text));
            tools.Add(new("run_command", $"run_command(argv) -> dict: run a program in the sandbox over the project (read-only; no network), argv a list of strings (the skill's scripts as ['python3', '{skill.Directory}/scripts/x.py']); returns exit_code, stdout, stderr, timed_out. Allowed: {allowed}.",
                async (call, token) => Json(await RunCommandAsync(skill, grant, agent, new HostArguments("run_command", call).Strings(0, "argv"), token).ConfigureAwait(false))));
        }

        return tools;
    }

    private async Task<object> RunCommandAsync(SkillDefinition skill, ToolGrant grant, CodingAgentOptions agent, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var line = string.Join(' ', argv);
        if (argv.Count == 0 || !grant.Commands.Any(c => c.Permits(argv)))
        {
            throw new SkillException(MemfunErrorCodes.SkillFailure,
                $"The skill '{skill.Name}' may not run `{line}`: its allowed-tools permit only {string.Join(" ", grant.Commands.Select(c => c.Text))}.");
        }

        if (agent.Commands is not { } sandbox)
        {
            throw new SkillException(MemfunErrorCodes.SkillFailure,
                $"The skill '{skill.Name}' cannot run `{line}`: commands run only in the local sandbox, never on the host, and this run has none ([sandbox] kind = \"docker\").");
        }

        if (grant.Policy.Commands == Permission.Ask && !await approver.ApproveAsync(skill.Name, $"run `{line}`", cancellationToken).ConfigureAwait(false))
        {
            throw new SkillException(MemfunErrorCodes.SkillFailure, $"The user did not approve running `{line}`.");
        }

        var command = string.Join(' ', argv.Select(ShellQuote));
        var request = agent.Request(command, projectRoot) with
        {
            ReadOnlyPaths = [skill.Directory],
            Timeout = CommandTimeout < agent.CommandTimeout ? CommandTimeout : agent.CommandTimeout,
            OutputLimitChars = MaxCommandOutputChars,
        };
        var result = await sandbox.RunCommandAsync(request, cancellationToken).ConfigureAwait(false);
        return new
        {
            exit_code = result.ExitCode,
            stdout = result.Stdout,
            stderr = result.Stderr,
            timed_out = result.TimedOut,
        };
    }

    /// <summary>Quotes one argument for <c>/bin/sh</c>: the skill's argv reaches the program exactly, with no shell expansion.</summary>
    private static string ShellQuote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);
}
