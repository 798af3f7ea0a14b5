namespace Memfun.Cli.Commands.Agent;

/// <summary>What an agent command prints on standard output (<c>--output-format</c>).</summary>
public enum OutputFormat
{
    /// <summary>The answer: Markdown on a terminal, plain text when redirected.</summary>
    Text,

    /// <summary>One JSON document when the run ends (<c>--json</c> is the same).</summary>
    Json,

    /// <summary>One JSON event per line as the run goes (docs/cli.md has the schema).</summary>
    StreamJson,
}
