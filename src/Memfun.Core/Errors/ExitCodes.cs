namespace Memfun.Core.Errors;

/// <summary>The process exit codes of the <c>memfun</c> command, one per error family.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug): rerun with <c>--verbose</c> for the stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>The command line was wrong, or the command is not available yet.</summary>
    public const int Usage = 2;

    /// <summary>The configuration is missing, malformed or invalid.</summary>
    public const int Config = 3;

    /// <summary>A runtime backend (SQLite, Redis, NATS) failed or is unreachable.</summary>
    public const int Backend = 4;

    /// <summary>An agent failed or could not be found.</summary>
    public const int Agent = 5;

    /// <summary>A session could not be found or updated.</summary>
    public const int Session = 6;

    /// <summary>The sandbox failed to start or run code.</summary>
    public const int Sandbox = 7;

    /// <summary>A skill is invalid or failed.</summary>
    public const int Skill = 8;

    /// <summary>A tool call failed.</summary>
    public const int Tool = 9;

    /// <summary>The model provider failed, refused the key, or a budget was reached.</summary>
    public const int Llm = 10;

    /// <summary>An action was refused by a security policy.</summary>
    public const int Security = 11;

    /// <summary>`memfun doctor` found a required check failing.</summary>
    public const int ChecksFailed = 12;

    /// <summary>An agent run reached its iteration limit without submitting an answer (a partial answer may be printed, labelled as such).</summary>
    public const int LimitReached = 13;

    /// <summary>An agent run did not finish within its wall-clock limit (<c>--timeout</c>, <c>[agent] timeout_s</c>).</summary>
    public const int TimedOut = 14;

    /// <summary>The user cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
