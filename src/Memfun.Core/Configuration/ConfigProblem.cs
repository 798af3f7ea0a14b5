using Memfun.Core.Errors;

namespace Memfun.Core.Configuration;

/// <summary>One validation problem, located at its source.</summary>
internal sealed record ConfigProblem(string Code, ConfigAssignment Assignment, string Message, string? Hint)
{
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
