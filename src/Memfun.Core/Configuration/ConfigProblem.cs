using Memfun.Core.Errors;

namespace Memfun.Core.Configuration;

/// <summary>One validation problem, located at its source.</summary>
/// <param name="Code">The error code (<c>MF1xxx</c>).</param>
/// <param name="Assignment">The value that is wrong, with its source.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">How to fix it, if there is more to say.</param>
public sealed record ConfigProblem(string Code, ConfigAssignment Assignment, string Message, string? Hint)
{
    /// <summary>Returns the problem as one line: location, key, message and hint.</summary>
    public override string ToString()
    {
        var source = Assignment.Source;
        var location = source.Kind switch
        {
            ConfigSourceKind.UserFile or ConfigSourceKind.ProjectFile => $"{source.Location}:{source.Line}:{Assignment.Column ?? 1}",
            ConfigSourceKind.Environment => $"environment variable {source.Location}",
            _ => source.Location ?? "command line",
        };
        return $"{location}: {Assignment.Path}: {Message}" + (Hint is null ? string.Empty : $" ({Hint})");
    }

    /// <summary>Returns one exception for every problem, located at the first.</summary>
    /// <param name="problems">The problems (at least one).</param>
    public static ConfigException ToException(IReadOnlyList<ConfigProblem> problems)
    {
        var first = problems[0];
        var message = problems.Count == 1
            ? first.ToString()
            : $"{problems.Count} configuration problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
        return new ConfigException(first.Code, message)
        {
            FilePath = first.Assignment.Source.Kind is ConfigSourceKind.UserFile or ConfigSourceKind.ProjectFile ? first.Assignment.Source.Location : null,
            Line = first.Assignment.Source.Line,
            Column = first.Assignment.Column,
            Key = first.Assignment.Path,
            Hint = problems.Count == 1 ? first.Hint : null,
        };
    }
}
