namespace Memfun.Core.Errors;

/// <summary>
/// The configuration is invalid. When the problem is in a file, <see cref="FilePath"/>, <see cref="Line"/>
/// and <see cref="Key"/> say where, and the message starts with <c>file:line:column</c>.
/// </summary>
public class ConfigException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ConfigException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.ConfigInvalid, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ConfigException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <summary>Gets the file the problem is in, when it is in a file.</summary>
    public string? FilePath { get; init; }

    /// <summary>Gets the 1-based line of the problem, when known.</summary>
    public int? Line { get; init; }

    /// <summary>Gets the 1-based column of the problem, when known.</summary>
    public int? Column { get; init; }

    /// <summary>Gets the dotted key (for example <c>llm.model</c>) the problem is about, when known.</summary>
    public string? Key { get; init; }

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Config;
}
