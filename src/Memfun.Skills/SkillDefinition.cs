using Memfun.Skills.Discovery;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Runtime.Skills;
using Memfun.Skills.Definitions;
using Memfun.Tools.Permissions;

namespace Memfun.Skills;

/// <summary>
/// A valid skill: the frontmatter of its <c>SKILL.md</c> and where it lives. The body and the skill's files are
/// read only when needed (progressive disclosure), never kept in memory with the catalogue.
/// </summary>
public sealed record SkillDefinition : IDefinition
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
    /// <exception cref="SecurityException"><c>SKILL.md</c> is now a link that leads outside the skill's folder.</exception>
    /// <remarks>
    /// Read synchronously, as discovery reads the same file: it is one small local file, and an asynchronous read starts
    /// the thread pool and its machinery, a cost at the start of <c>skill info</c> several times the read's (issue 20).
    /// </remarks>
    public string ReadBody()
    {
        var text = DefinitionText.Read(Files().Resolve("SKILL.md"));
        var issues = new List<DefinitionIssue>();
        return (FrontmatterParser.Parse(FilePath, text, issues)
            ?? throw new SkillException(MemfunErrorCodes.SkillInvalid, $"{FilePath} changed since it was loaded: {issues[0]}")).Body.Trim();
    }

    /// <summary>Lists the skill's other files (<c>scripts/</c>, <c>references/</c>, <c>assets/</c>...), relative to its folder.</summary>
    public IReadOnlyList<string> ResourceFiles()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        var files = new List<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", options))
        {
            if (Path.GetRelativePath(Directory, file).Replace('\\', '/') is var relative and not "SKILL.md")
            {
                files.Add(relative);
            }
        }

        // Sorted in place, not with LINQ's ordering, whose sorter is built at run time (issue 20).
        files.Sort(StringComparer.Ordinal);
        if (files.Count > MaxResourceFiles)
        {
            files.RemoveRange(MaxResourceFiles, files.Count - MaxResourceFiles);
        }

        return files;
    }

    /// <summary>Reads one of the skill's files, on demand.</summary>
    /// <remarks>
    /// Security: the path goes through the same confinement rule as every project path (<see cref="ProjectPaths"/>), with
    /// the skill's folder as the root: every symbolic link on the way is resolved, and a path whose real location is
    /// outside the folder (<c>references/etc -&gt; /etc</c>, or a chain of links) is refused. Project skills arrive
    /// with a clone, so their links are not trusted.
    /// </remarks>
    /// <exception cref="SecurityException">The path, or a link on its way, leads outside the skill's folder.</exception>
    /// <exception cref="SkillException">The file does not exist.</exception>
    public async Task<string> ReadResourceAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var full = Files().Resolve(relativePath);
        if (!File.Exists(full))
        {
            throw new SkillException(MemfunErrorCodes.SkillNotFound, $"The skill '{Name}' has no file '{relativePath}'.") { Hint = "Its files: " + string.Join(", ", ResourceFiles()) };
        }

        return await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
    }

    // The one confinement rule for paths, with the skill's folder as the root.
    private ProjectPaths Files() => new(Directory, $"the folder of the skill '{Name}'");

    /// <summary>Returns the registry entry (catalogue data only).</summary>
    public SkillInfo ToInfo() =>
        new(Name, Description, FilePath, TrustTiers.Name(Trust), ToolRequest.Texts(AllowedTools), Metadata);
}
