using Memfun.Skills.Discovery;
using Memfun.Testing;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>Discovery from the project, user and built-in roots, with precedence and shadowing.</summary>
public sealed class DiscoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<DefinitionRoot> Roots() =>
        DefinitionRoots.Skills(_dir.Combine("project"), new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = _dir.Combine("config") }, _dir.Combine("install"));

    [Fact]
    public void Roots_AreProjectThenUserThenBuiltIn()
    {
        var roots = Roots();

        Assert.Equal(
            [
                (_dir.Combine("project/.memfun/skills"), TrustTier.Project),
                (_dir.Combine("project/.agents/skills"), TrustTier.Project),
                (_dir.Combine("config/memfun/skills"), TrustTier.User),
                (_dir.Combine("install/skills"), TrustTier.BuiltIn),
            ],
            roots.Select(r => (r.Directory, r.Trust)));
    }

    [Fact]
    public void Roots_WithoutXdgConfigHome_UseHomeDotConfig()
    {
        var roots = DefinitionRoots.Skills("/p", new Dictionary<string, string?> { ["HOME"] = "/home/ada" });

        Assert.Equal("/home/ada/.config/memfun/skills", roots[2].Directory);
    }

    [Fact]
    public void ProjectSkill_ShadowsUserAndBuiltIn_AndSaysWhy()
    {
        Fixtures.Valid(_dir, "install/skills/review", "review", "Built-in review.");
        Fixtures.Valid(_dir, "config/memfun/skills/review", "review", "User review.");
        Fixtures.Valid(_dir, "project/.agents/skills/review", "review", "Cross-client review.");
        Fixtures.Valid(_dir, "project/.memfun/skills/review", "review", "Project review.");
        Fixtures.Valid(_dir, "config/memfun/skills/notes", "notes", "User notes.");
        Fixtures.Valid(_dir, "install/skills/notes", "notes", "Built-in notes.");

        var catalog = SkillDiscovery.Discover(Roots());

        Assert.Equal(["notes", "review"], catalog.Skills.Select(s => s.Name));
        Assert.Equal("Project review.", catalog.Find("review")!.Description);
        Assert.Equal(TrustTier.Project, catalog.Find("review")!.Trust);
        Assert.Equal("User notes.", catalog.Find("notes")!.Description);
        Assert.Equal(TrustTier.User, catalog.Find("notes")!.Trust);
        Assert.Equal(4, catalog.Shadowed.Count);
        var builtIn = Assert.Single(catalog.Shadowed, s => s.Name == "review" && s.Trust == TrustTier.BuiltIn);
        Assert.Contains("project definitions take precedence over builtin ones", builtIn.Reason, StringComparison.Ordinal);
        Assert.Contains(".memfun/skills/review/SKILL.md shadows", builtIn.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSkill_NeverHidesTheGoodOnes()
    {
        Fixtures.Valid(_dir, "project/.memfun/skills/good-one", "good-one");
        Fixtures.Skill(_dir, "project/.memfun/skills/broken", "name: broken\ndescription: [unclosed");
        Fixtures.Valid(_dir, "project/.memfun/skills/mismatch", "other");
        _dir.WriteFile("project/.memfun/skills/no-frontmatter/SKILL.md", "# Nothing here\n");
        Fixtures.Valid(_dir, "install/skills/good-two", "good-two");

        var catalog = SkillDiscovery.Discover(Roots());

        Assert.Equal(["good-one", "good-two"], catalog.Skills.Select(s => s.Name));
        Assert.Equal(3, catalog.Errors.Select(e => e.File).Distinct().Count());
    }

    [Fact]
    public void PlantedHugeDefinition_IsAnErrorNamingItsSize_AndIsNotRead()
    {
        Fixtures.Valid(_dir, "project/.memfun/skills/good-one", "good-one");
        var huge = Fixtures.Valid(_dir, "project/.memfun/skills/huge", "huge", extra: "# " + new string('x', Definitions.DefinitionText.MaxBytes));
        var hugeAgent = Fixtures.Agent(_dir, "project/.memfun/agents/huge", "name: huge\ndescription: Too big.", "# " + new string('x', Definitions.DefinitionText.MaxBytes));
        var agentIssues = new List<Definitions.DefinitionIssue>();

        var catalog = SkillDiscovery.Discover(Roots());
        var agent = Agents.AgentParser.Load(hugeAgent, TrustTier.Project, agentIssues);

        Assert.Equal(["good-one"], catalog.Skills.Select(s => s.Name));
        var error = Assert.Single(catalog.Errors);
        Assert.Equal(Path.Combine(huge, "SKILL.md"), error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains("a definition file may have at most 1,048,576", error.Message, StringComparison.Ordinal);
        Assert.Null(agent);
        Assert.Contains("a definition file may have at most 1,048,576", Assert.Single(agentIssues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlantedPipeAsADefinition_IsNotAFolderToLoad_AndDoesNotBlockDiscovery()
    {
        // A pipe with no writer blocks whoever opens it for reading; an archive can carry one as a SKILL.md or AGENT.md.
        Fixtures.Valid(_dir, "project/.memfun/skills/good-one", "good-one");
        _dir.CreatePipe("project/.memfun/skills/piped/SKILL.md");
        _dir.CreatePipe("project/.memfun/agents/piped/AGENT.md");

        var scan = Task.Run(() => (SkillDiscovery.Discover(Roots()), DefinitionScanner.Find(_dir.Combine("project/.memfun/agents"), "AGENT.md")), TestContext.Current.CancellationToken);
        var (catalog, agentFolders) = await scan.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(["good-one"], catalog.Skills.Select(s => s.Name));
        Assert.Empty(catalog.Issues);
        Assert.Empty(agentFolders);
    }

    [Fact]
    public void ADefinitionLinkedOutOfItsFolder_IsFound_AndReportedAsALink_EvenWhenItLeadsNowhere()
    {
        Fixtures.Valid(_dir, "project/.memfun/skills/good-one", "good-one");
        Directory.CreateDirectory(_dir.Combine("project/.memfun/skills/dangling"));
        File.CreateSymbolicLink(_dir.Combine("project/.memfun/skills/dangling/SKILL.md"), _dir.Combine("nowhere/SKILL.md"));

        var catalog = SkillDiscovery.Discover(Roots());

        Assert.Equal(["good-one"], catalog.Skills.Select(s => s.Name));
        Assert.Contains("symbolic link", Assert.Single(catalog.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidProjectSkill_DoesNotShadowAValidBuiltIn()
    {
        Fixtures.Skill(_dir, "project/.memfun/skills/review", $"name: review\ndescription: {new string('x', 1100)}");
        Fixtures.Valid(_dir, "install/skills/review", "review", "Built-in review.");

        var catalog = SkillDiscovery.Discover(Roots());

        Assert.Equal("Built-in review.", Assert.Single(catalog.Skills).Description);
        Assert.Contains(catalog.Errors, e => e.Field == "description");
    }

    [Fact]
    public void Scan_FindsNestedSkills_SkipsHiddenFoldersAndNodeModules()
    {
        Fixtures.Valid(_dir, "project/.memfun/skills/group/nested", "nested");
        Fixtures.Valid(_dir, "project/.memfun/skills/node_modules/pkg", "pkg");
        Fixtures.Valid(_dir, "project/.memfun/skills/.git/hidden", "hidden");

        var catalog = SkillDiscovery.Discover(Roots());

        Assert.Equal(["nested"], catalog.Skills.Select(s => s.Name));
    }

    [Fact]
    public void MissingRoots_AreSimplyEmpty()
    {
        var catalog = SkillDiscovery.Discover(Roots());

        Assert.Empty(catalog.Skills);
        Assert.Empty(catalog.Issues);
        Assert.Equal("", catalog.ToPrompt());
    }

    [Fact]
    public void FromPath_LoadsOneFolderAsUntrusted()
    {
        var directory = Fixtures.Valid(_dir, "downloads/fetched", "fetched");

        var catalog = SkillDiscovery.FromPath(directory);

        Assert.Equal(TrustTier.Untrusted, Assert.Single(catalog.Skills).Trust);
    }

    [Fact]
    public void BuiltInSkillsAndAgents_ShippedWithTheRepository_AreValidWithoutWarnings()
    {
        var skills = SkillDiscovery.Discover([new DefinitionRoot(Path.Combine(RepositoryRoot.Path, "skills"), TrustTier.BuiltIn)]);
        var agents = Agents.AgentCatalog.Discover([new DefinitionRoot(Path.Combine(RepositoryRoot.Path, "agents"), TrustTier.BuiltIn)]);

        Assert.Empty(skills.Issues);
        Assert.Empty(agents.Issues);
        Assert.Equal(["code-review-checklist", "commit-message", "dependency-audit", "test-writer"], skills.Skills.Select(s => s.Name));
        Assert.Equal(["architect", "debugger", "reviewer"], agents.Agents.Select(a => a.Name));
    }

    [Fact]
    public void BuiltIns_AreCopiedNextToTheAssemblies()
    {
        var catalog = SkillDiscovery.Discover(DefinitionRoots.Skills(_dir.Path, new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = _dir.Combine("none") }));

        Assert.Contains(catalog.Skills, s => s.Name == "commit-message" && s.Trust == TrustTier.BuiltIn);
    }
}
