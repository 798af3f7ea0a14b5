using Memfun.Core.Errors;
using Memfun.Runtime.Skills;
using Memfun.Skills.Definitions;

namespace Memfun.Skills;

/// <summary>
/// A valid skill: the frontmatter of its <c>SKILL.md</c> and where it lives. The body and the skill's files are
/// read only when needed (progressive disclosure), never kept in memory with the catalogue.
/// </summary>
public sealed record SkillDefinition
{
    /// <summary>Gets the most files <see cref="ResourceFiles"/> lists.</summary>
    public const int MaxResourceFiles = 200;

    /// <summary>Gets the name (equal to the folder's name).</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the skill does and when to use it.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the license, if given.</summary>
    public string? License { get; init; }

    /// <summary>Gets the environment requirements, if given.</summary>
    public string? Compatibility { get; init; }

    /// <summary>Gets the free-form metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the tools the skill asks for (empty: the read-only tools).</summary>
    public IReadOnlyList<ToolRequest> AllowedTools { get; init; } = [];

    /// <summary>Gets the skill's folder.</summary>
    public required string Directory { get; init; }

    /// <summary>Gets the path of its <c>SKILL.md</c>.</summary>
    public string FilePath => Path.Combine(Directory, "SKILL.md");

    /// <summary>Gets the trust tier it was loaded with.</summary>
    public required TrustTier Trust { get; init; }

    /// <summary>Gets the 1-based line of <c>SKILL.md</c> the body starts on.</summary>
    public int BodyLine { get; init; }

    /// <summary>Gets the warnings found when loading it.</summary>
    public IReadOnlyList<DefinitionIssue> Warnings { get; init; } = [];

    /// <summary>Reads the Markdown body (the instructions), on activation.</summary>
    /// <exception cref="SkillException">The file changed and is no longer valid.</exception>
    public async Task<string> ReadBodyAsync(CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(FilePath, cancellationToken).ConfigureAwait(false);
        var issues = new List<DefinitionIssue>();
        return (FrontmatterParser.Parse(FilePath, text, issues)
            ?? throw new SkillException(MemfunErrorCodes.SkillInvalid, $"{FilePath} changed since it was loaded: {issues[0]}")).Body.Trim();
    }

    /// <summary>Lists the skill's other files (<c>scripts/</c>, <c>references/</c>, <c>assets/</c>...), relative to its folder.</summary>
    public IReadOnlyList<string> ResourceFiles()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        return System.IO.Directory.EnumerateFiles(Directory, "*", options)
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .Where(f => f != "SKILL.md")
            .Order(StringComparer.Ordinal)
            .Take(MaxResourceFiles)
            .ToList();
    }

    /// <summary>Reads one of the skill's files, on demand.</summary>
    /// <exception cref="SkillException">The path leaves the skill's folder, or the file does not exist.</exception>
    public async Task<string> ReadResourceAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var root = Path.GetFullPath(Directory) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(Directory, relativePath));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new SkillException(MemfunErrorCodes.SkillFailure, $"'{relativePath}' is outside the skill '{Name}'; skill files are read relative to its folder.");
        }

        if (!File.Exists(full))
        {
            throw new SkillException(MemfunErrorCodes.SkillNotFound, $"The skill '{Name}' has no file '{relativePath}'.") { Hint = "Its files: " + string.Join(", ", ResourceFiles()) };
        }

        return await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the registry entry (catalogue data only).</summary>
    public SkillInfo ToInfo() =>
        new(Name, Description, FilePath, TrustTiers.Name(Trust), AllowedTools.Select(t => t.Text).ToList(), Metadata);
}
