using System.ComponentModel;
using System.Text;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Completion;

/// <summary>
/// <c>memfun completion bash|zsh|fish</c>: prints a shell completion script for every command, subcommand and option
/// (from the written-out command tree that help uses), to be sourced from the shell's start-up file.
/// </summary>
public sealed class CompletionCommand(CliEnvironment environment) : LocalCommand<CompletionCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tree = CommandTree.Memfun;
        var script = settings.Shell switch
        {
            "bash" => Bash(tree),
            "zsh" => "#compdef memfun\nautoload -U +X bashcompinit && bashcompinit\n" + Bash(tree),
            _ => Fish(tree),
        };
        Environment.OutWriter.Write(script);
        return ExitCodes.Success;
    }

    // A node is the path of subcommands typed so far; the words offered are that node's subcommands and options.
    private static string Bash(CommandTree tree)
    {
        var script = new StringBuilder("# memfun completion for bash: eval \"$(memfun completion bash)\"\n_memfun_words() {\n  case \"$1\" in\n");
        foreach (var node in tree.Nodes)
        {
            script.Append("    \"").Append(node.Key).Append("\") echo \"").AppendJoin(' ', node.Words).Append("\" ;;\n");
        }

        script.Append("""
              esac
            }
            _memfun() {
              local cur="${COMP_WORDS[COMP_CWORD]}" node="" word i
              for ((i = 1; i < COMP_CWORD; i++)); do
                word="${COMP_WORDS[i]}"
                [[ $word == -* ]] && continue
                case " $(_memfun_words "$node") " in
                  *" $word "*) node="${node:+$node }$word" ;;
                esac
              done
              COMPREPLY=($(compgen -W "$(_memfun_words "$node")" -- "$cur"))
            }
            complete -o default -F _memfun memfun

            """);
        return script.ToString();
    }

    private static string Fish(CommandTree tree)
    {
        var script = new StringBuilder("# memfun completion for fish: memfun completion fish > ~/.config/fish/completions/memfun.fish\ncomplete -c memfun -f\n");
        foreach (var node in tree.Nodes)
        {
            var condition = node.Path.Count == 0
                ? "__fish_use_subcommand"
                : string.Join("; and ", node.Path.Select(word => "__fish_seen_subcommand_from " + word));
            foreach (var child in node.Children)
            {
                script.Append("complete -c memfun -n '").Append(condition).Append("' -a ").Append(child).Append('\n');
            }

            foreach (var option in node.Options)
            {
                script.Append("complete -c memfun -n '").Append(condition).Append("' ")
                    .Append(option.StartsWith("--", StringComparison.Ordinal) ? "-l " + option[2..] : "-s " + option[1..]).Append('\n');
            }
        }

        return script.ToString();
    }

    /// <summary>Which shell.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets the shell.</summary>
        [CommandArgument(0, "<SHELL>")]
        [Description("bash, zsh or fish.")]
        public string Shell { get; set; } = "";

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            Shell is "bash" or "zsh" or "fish" ? ValidationResult.Success() : ValidationResult.Error($"Unknown shell '{Shell}': use bash, zsh or fish.");
    }
}
