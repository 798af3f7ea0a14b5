using System.Globalization;

namespace Memfun.Skills.Definitions;

/// <summary>One problem found in a <c>SKILL.md</c> or <c>AGENT.md</c>.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Line">The 1-based line the problem is on (the field's line, or 1 for the whole file).</param>
/// <param name="Field">The frontmatter field concerned, or null for the file as a whole.</param>
/// <param name="Severity">Whether the definition still loads.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record DefinitionIssue(string File, int Line, string? Field, IssueSeverity Severity, string Message)
{
    /// <summary>Formats the issue as <c>file:line: error: field: message</c>, the shape compilers and editors understand.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}: {(Severity == IssueSeverity.Error ? "error" : "warning")}: {(Field is null ? "" : Field + ": ")}{Message}");
}
