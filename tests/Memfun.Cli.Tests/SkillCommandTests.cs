using System.Text.Json;
using Memfun.Core.Errors;

namespace Memfun.Cli.Tests;

/// <summary><c>memfun skill *</c> and <c>memfun agent *</c> on the real command tree.</summary>
public sealed class SkillCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public SkillCommandTests()
    {
        // Keep the machine's own user skills out of the tests.
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
    }

    public void Dispose() => _cli.Dispose();

    private void ProjectSkill(string folder, string frontmatter, string body = "# Steps\n\nDo it.\n") =>
        _cli.Project.WriteFile($".memfun/skills/{folder}/SKILL.md", $"---\n{frontmatter}\n---\n{body}");

    [Fact]
    public async Task List_ShowsBuiltIns_AndAProjectSkillThatShadowsOneWithTheReason()
    {
        ProjectSkill("commit-message", "name: commit-message\ndescription: Our own commit style.");
        ProjectSkill("broken", "name: broken\ndescription: [oops");

        var result = await _cli.RunAsync("skill", "list", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var skills = json.RootElement.GetProperty("skills").EnumerateArray().ToList();
        Assert.Contains(skills, s => s.GetProperty("name").GetString() == "test-writer" && s.GetProperty("trust").GetString() == "builtin");
        var commit = Assert.Single(skills, s => s.GetProperty("name").GetString() == "commit-message");
        Assert.Equal("project", commit.GetProperty("trust").GetString());
        var shadow = Assert.Single(commit.GetProperty("shadows").EnumerateArray());
        Assert.Equal("builtin", shadow.GetProperty("trust").GetString());
        Assert.Contains("project definitions take precedence over builtin ones", shadow.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(json.RootElement.GetProperty("issues").EnumerateArray(), i => i.GetProperty("file").GetString()!.EndsWith("broken/SKILL.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_Text_ReportsBadSkillsOnStandardErrorAndStillListsTheGoodOnes()
    {
        ProjectSkill("Bad", "name: Bad\ndescription: d");

        var result = await _cli.RunAsync("skill", "list");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("test-writer", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 skill(s) failed to load", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Bad/SKILL.md:2: error: name:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidFolderOfSkills_ExitsZero()
    {
        var result = await _cli.RunAsync("skill", "validate", Path.Combine(Testing.RepositoryRoot.Path, "skills"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("4 skill(s) checked: 0 error(s), 0 warning(s).", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidSkill_PrintsFileLineFieldAndExitsNonZero()
    {
        _cli.Project.WriteFile("ci/skills/too-long/SKILL.md", $"---\nname: too-long\ndescription: {new string('x', 1030)}\nversion: 2\n---\nbody\n");

        var result = await _cli.RunAsync("skill", "validate", "ci/skills");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains("too-long/SKILL.md:3: error: description: 'description' is 1030 characters; the limit is 1024", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("too-long/SKILL.md:4: warning: version: unknown field", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_APlantedSkillWithEscapeSequences_IsReportedInert()
    {
        // A cloned repository's skill whose name tries to clear the screen and set the clipboard when CI prints the report.
        _cli.Project.WriteFile("ci/skills/planted/SKILL.md", "---\nname: \"x\u001b[2J\u001b]52;c;cm0gLXJmIH4=\u0007\"\ndescription: d\n---\nbody\n");

        var result = await _cli.RunAsync("skill", "validate", "ci/skills");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains("planted/SKILL.md:2: error: name:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("^[[2J^[]52;c;cm0gLXJmIH4=^G", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout + result.Stderr);
        Assert.DoesNotContain('\u0007', result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Validate_Json_AndStrictFailsOnWarnings()
    {
        _cli.Project.WriteFile("s/warned/SKILL.md", "---\nname: warned\ndescription: d\nallowed-tools: Read Teleport\n---\nbody\n");

        var lenient = await _cli.RunAsync("skill", "validate", "s/warned/SKILL.md", "--json");
        var strict = await _cli.RunAsync("skill", "validate", "s/warned", "--strict");

        Assert.Equal(ExitCodes.Success, lenient.ExitCode);
        using var json = JsonDocument.Parse(lenient.Stdout);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(1, json.RootElement.GetProperty("warnings").GetInt32());
        Assert.Equal(ExitCodes.Skill, strict.ExitCode);
    }

    [Fact]
    public async Task Validate_MissingPath_IsNotFound()
    {
        var result = await _cli.RunAsync("skill", "validate", "nowhere");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains(MemfunErrorCodes.SkillNotFound, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ScaffoldsAValidSkill_ThatListAndValidateAccept()
    {
        var created = await _cli.RunAsync("skill", "create", "release-notes", "--description", "Writes release notes: use before tagging.");
        var validate = await _cli.RunAsync("skill", "validate");
        var again = await _cli.RunAsync("skill", "create", "release-notes");
        var info = await _cli.RunAsync("skill", "info", "release-notes", "--json");

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        Assert.True(File.Exists(_cli.Project.Combine(".agents/skills/release-notes/SKILL.md")));
        Assert.Equal(ExitCodes.Success, validate.ExitCode);
        Assert.Contains("0 error(s), 0 warning(s)", validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Skill, again.ExitCode);
        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(info.Stdout);
        Assert.Equal("Writes release notes: use before tagging.", json.RootElement.GetProperty("description").GetString());
        Assert.Equal("project", json.RootElement.GetProperty("trust").GetString());
    }

    [Theory]
    [InlineData("Release_Notes")]
    [InlineData("notes-")]
    [InlineData("a--b")]
    public async Task Create_InvalidName_IsAnErrorAndWritesNothing(string name)
    {
        var result = await _cli.RunAsync("skill", "create", name);

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains(MemfunErrorCodes.SkillInvalid, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.Project.Combine(".agents/skills")));
    }

    [Fact]
    public async Task Info_ShowsFieldsPermissionsAndBody()
    {
        var result = await _cli.RunAsync("skill", "info", "dependency-audit");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Bash(dotnet list:*)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("run_command (allow)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("scripts/list_manifests.py", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("# Dependency audit", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_UnknownSkill_SuggestsTheClosest()
    {
        var result = await _cli.RunAsync("skill", "info", "test-writr");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains(MemfunErrorCodes.SkillNotFound, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'test-writer'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_RanksNameMatchesFirst()
    {
        var result = await _cli.RunAsync("skill", "search", "test", "--json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("test-writer", json.RootElement[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task AgentList_AndInfo_ShowTheBuiltInAgents()
    {
        _cli.Project.WriteFile(".memfun/agents/helper/AGENT.md", "---\nname: helper\ndescription: Helps.\ncapabilities: helping\n---\nHelp.\n");

        var list = await _cli.RunAsync("agent", "list", "--json");
        var info = await _cli.RunAsync("agent", "info", "debugger");
        var missing = await _cli.RunAsync("agent", "info", "debuger");

        using var json = JsonDocument.Parse(list.Stdout);
        Assert.Equal(["architect", "debugger", "helper", "reviewer"], json.RootElement.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        Assert.Contains("debugging, root-cause-analysis, bug-fixing", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("# Debugger", info.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Agent, missing.ExitCode);
        Assert.Contains("Did you mean 'debugger'?", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentListAndInfo_Json_ShareTheAgentsFields_ListAddsShadows_InfoAddsInstructions()
    {
        _cli.Project.WriteFile(
            ".memfun/agents/reviewer/AGENT.md",
            "---\nname: reviewer\ndescription: Our reviewer.\ncapabilities: code-review, style\ntools: Read Grep\nmodel: small-model\nmax-iterations: 7\n---\nReview our way.\n");

        var list = await _cli.RunAsync("agent", "list", "--json");
        var info = await _cli.RunAsync("agent", "info", "reviewer", "--json");

        using var listJson = JsonDocument.Parse(list.Stdout);
        using var infoJson = JsonDocument.Parse(info.Stdout);
        var listed = Assert.Single(listJson.RootElement.GetProperty("agents").EnumerateArray(), a => a.GetProperty("name").GetString() == "reviewer");
        var shown = infoJson.RootElement;
        string[] shared = ["name", "description", "capabilities", "tools", "model", "trust", "max_iterations", "path"];
        Assert.Equal([.. shared, "shadows"], listed.EnumerateObject().Select(p => p.Name));
        Assert.Equal([.. shared, "instructions"], shown.EnumerateObject().Select(p => p.Name));
        foreach (var field in shared)
        {
            Assert.True(JsonElement.DeepEquals(listed.GetProperty(field), shown.GetProperty(field)), field);
        }

        Assert.Equal(["code-review", "style"], shown.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Read", "Grep"], shown.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("small-model", shown.GetProperty("model").GetString());
        Assert.Equal(7, shown.GetProperty("max_iterations").GetInt32());
        Assert.Equal("project", shown.GetProperty("trust").GetString());
        Assert.Contains("Review our way.", shown.GetProperty("instructions").GetString(), StringComparison.Ordinal);
        Assert.Contains("project definitions take precedence over builtin ones", Assert.Single(listed.GetProperty("shadows").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }
}
