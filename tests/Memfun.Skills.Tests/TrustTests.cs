using Memfun.Core.Errors;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Testing.Llm;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>Trust tiers and allowed-tools decide what a skill may do, with or without asking.</summary>
public sealed class TrustTests : IAsyncLifetime
{
    private AgentHarness _harness = null!;

    public async ValueTask InitializeAsync()
    {
        _harness = await AgentHarness.StartAsync();
        _harness.Project.WriteFile("notes.txt", "alpha\n");
    }

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(TrustTier.BuiltIn, Permission.Allow, Permission.Ask, Permission.Allow)]
    [InlineData(TrustTier.User, Permission.Allow, Permission.Ask, Permission.Allow)]
    [InlineData(TrustTier.Project, Permission.Ask, Permission.Ask, Permission.Ask)]
    [InlineData(TrustTier.Untrusted, Permission.Deny, Permission.Deny, Permission.Deny)]
    public void Policy_PerTier(TrustTier tier, Permission commands, Permission writes, Permission network)
    {
        var policy = TrustPolicy.For(tier);

        Assert.Equal((commands, writes, network), (policy.Commands, policy.Writes, policy.Network));
        Assert.Equal(Permission.Allow, policy.For(ToolKind.Read.Action()));
    }

    [Fact]
    public void Grant_NoToolsRequested_IsReadOnly()
    {
        var grant = ToolGrant.Resolve("s", [], TrustTier.BuiltIn);

        Assert.Equal(["list_files", "read_file", "search"], grant.RepositoryTools.Order(StringComparer.Ordinal));
        Assert.False(grant.Editing);
        Assert.Empty(grant.Commands);
    }

    [Fact]
    public void Grant_MapsSpecToolNamesOntoMemfunTools()
    {
        var grant = ToolGrant.Resolve("s", ToolRequest.ParseList("Read Grep Edit Bash(git:*) WebFetch"), TrustTier.User);

        Assert.Equal(["edit_file", "read_file", "search"], grant.RepositoryTools.Order(StringComparer.Ordinal));
        Assert.True(grant.Editing);
        Assert.Equal("Bash(git:*)", Assert.Single(grant.Commands).Text);
        Assert.True(grant.Network);
    }

    [Theory]
    [InlineData("Bash(git:*)")]
    [InlineData("Write")]
    [InlineData("Edit")]
    [InlineData("WebFetch")]
    public void Grant_UntrustedSkillAskingForMoreThanReading_IsAPreciseError(string tool)
    {
        var error = Assert.Throws<SkillException>(() => ToolGrant.Resolve("fetched", ToolRequest.ParseList("Read " + tool), TrustTier.Untrusted));

        Assert.Equal(MemfunErrorCodes.SkillInvalid, error.ErrorCode);
        Assert.Contains($"'fetched' is untrusted and asks for {tool}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bash", "rm -rf x", true)]
    [InlineData("Bash(git:*)", "git log -5", true)]
    [InlineData("Bash(git:*)", "git", true)]
    [InlineData("Bash(git:*)", "gitk", false)]
    [InlineData("Bash(git diff:*)", "git diff --staged", true)]
    [InlineData("Bash(git diff:*)", "git push", false)]
    [InlineData("Bash(npm test)", "npm test", true)]
    [InlineData("Bash(npm test)", "npm test --all", false)]
    [InlineData("Read", "cat x", false)]
    public void CommandPatterns_PermitOnlyWhatTheySay(string entry, string command, bool permitted)
    {
        Assert.Equal(permitted, ToolRequest.Parse(entry).Permits(command.Split(' ')));
    }

    [Fact]
    public void ParseList_KeepsSpacesInsideParentheses()
    {
        Assert.Equal(["Bash(git status)", "Read", "Grep"], ToolRequest.ParseList("Bash(git status)  Read,Grep").Select(t => t.Text));
    }

    private SkillDefinition Skill(string tools, TrustTier trust, string body = "Run the command the task names.")
    {
        var directory = _harness.Project.CreateDirectory(".memfun/skills/runner");
        File.WriteAllText(Path.Combine(directory, "SKILL.md"), $"---\nname: runner\ndescription: Runs commands.\nallowed-tools: {tools}\n---\n{body}\n");
        return SkillDiscovery.FromPath(directory, trust).Skills.Single();
    }

    [Fact]
    public async Task Runner_UserSkill_RunsAPermittedCommandWithoutAsking()
    {
        var approver = new RecordingApprover(false);
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("r = run_command(['echo', 'hello-from-echo'])\nprint(r['stdout'])")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('ok')")));

        var result = await new SkillRunner(_harness.Project.Path, approver).RunAsync(_harness.Agent(), Skill("Read Bash(echo:*)", TrustTier.User), "echo", TestContext.Current.CancellationToken);

        Assert.Equal("ok", result.Answer);
        Assert.Contains("hello-from-echo", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Empty(approver.Asked);
    }

    [Fact]
    public async Task Runner_ApprovedCommands_RunInTheSandbox_NeverOnTheHost()
    {
        // An approved command from a cloned repository's skill cannot write the project, read the host or expand shell syntax.
        _harness.Project.WriteFile("notes.txt", "draft");
        var approver = new RecordingApprover(true);
        var skill = Skill("Bash(touch:*) Bash(sh:*)", TrustTier.Project);
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("for argv in (['touch', 'pwned.txt'], ['sh', '-c', 'cat /etc/passwd; echo $HOME'], ['sh', '" + skill.Directory + "/scripts/hello.sh', '$(id)']):\n    r = run_command(argv)\n    print(argv[0], r['exit_code'], r['stdout'], r['stderr'])")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('done')")));
        Directory.CreateDirectory(Path.Combine(skill.Directory, "scripts"));
        File.WriteAllText(Path.Combine(skill.Directory, "scripts", "hello.sh"), "echo \"hello from the skill: $1\"\n");

        await new SkillRunner(_harness.Project.Path, approver).RunAsync(_harness.Agent(), skill, "", TestContext.Current.CancellationToken);

        var output = _harness.Server.Requests[1].LastMessageText;
        Assert.Contains("Read-only file system", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_harness.Project.Combine("pwned.txt")));
        Assert.DoesNotContain("root:x:0:0", output, StringComparison.Ordinal);
        Assert.Contains("/tmp", output, StringComparison.Ordinal);
        Assert.Contains("hello from the skill: $(id)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_ProjectSkill_AsksBeforeEachCommand_AndADeclineStopsIt()
    {
        var approver = new RecordingApprover(false);
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("try:\n    run_command(['echo', 'x'])\nexcept Exception as e:\n    print('REFUSED', e)")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('stopped')")));

        await new SkillRunner(_harness.Project.Path, approver).RunAsync(_harness.Agent(), Skill("Bash(echo:*)", TrustTier.Project), "", TestContext.Current.CancellationToken);

        Assert.Equal(["runner: run `echo x`"], approver.Asked);
        Assert.Contains("REFUSED", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("did not approve", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_CommandOutsideTheAllowedPatterns_IsRefused()
    {
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("try:\n    run_command(['ls'])\nexcept Exception as e:\n    print('REFUSED', e)")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('done')")));

        await new SkillRunner(_harness.Project.Path, new RecordingApprover(true)).RunAsync(_harness.Agent(), Skill("Bash(echo:*)", TrustTier.BuiltIn), "", TestContext.Current.CancellationToken);

        Assert.Contains("may not run `ls`", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_OffersOnlyTheGrantedTools_AndTheBodyAsGuidance()
    {
        _harness.Server.Enqueue(ScriptedReply.Say(AgentHarness.Code("SUBMIT('ok')")));

        await new SkillRunner(_harness.Project.Path, FixedApprover.Never).RunAsync(_harness.Agent(), Skill("Read", TrustTier.User, "BODY-OF-RUNNER"), "go", TestContext.Current.CancellationToken);

        var system = _harness.Server.Requests[0].MessageTexts[0];
        Assert.Contains("BODY-OF-RUNNER", system, StringComparison.Ordinal);
        Assert.Contains("read_file(", system, StringComparison.Ordinal);
        Assert.Contains("read_skill_file(", system, StringComparison.Ordinal);
        Assert.DoesNotContain("search(pattern", system, StringComparison.Ordinal);
        Assert.DoesNotContain("edit_file(", system, StringComparison.Ordinal);
        Assert.DoesNotContain("run_command(", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_UntrustedSkillAskingForBash_FailsBeforeAnyModelCall()
    {
        var error = await Assert.ThrowsAsync<SkillException>(() =>
            new SkillRunner(_harness.Project.Path, FixedApprover.Always).RunAsync(_harness.Agent(), Skill("Read Bash", TrustTier.Untrusted), "", TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.SkillInvalid, error.ErrorCode);
        Assert.Empty(_harness.Server.Requests);
    }

    [Fact]
    public async Task Runner_WriteSkill_StagesEditsWithoutWriting()
    {
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("edit_file('notes.txt', 'alpha', 'beta')")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('edited')")));

        var result = await new SkillRunner(_harness.Project.Path, FixedApprover.Never).RunAsync(_harness.Agent(), Skill("Read Edit", TrustTier.Project), "", TestContext.Current.CancellationToken);

        Assert.Contains("+beta", result.Diff, StringComparison.Ordinal);
        Assert.Equal("alpha\n", File.ReadAllText(_harness.Project.Combine("notes.txt")));
    }

    private sealed class RecordingApprover(bool answer) : IApprover
    {
        public List<string> Asked { get; } = [];

        public ValueTask<bool> ApproveAsync(string who, string action, CancellationToken cancellationToken = default)
        {
            lock (Asked)
            {
                Asked.Add($"{who}: {action}");
            }

            return ValueTask.FromResult(answer);
        }
    }
}
