namespace Memfun.Cli.Infrastructure;

/// <summary>A command line the command does not accept (an unknown option, an extra argument): exit code 2, like a parse error.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>Gets a one-line hint, such as the nearest declared option.</summary>
    public string? Hint { get; init; }
}
