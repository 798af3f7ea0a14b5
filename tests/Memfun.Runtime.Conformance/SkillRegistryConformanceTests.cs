using Memfun.Runtime.Skills;

namespace Memfun.Runtime.Conformance;

/// <summary>The semantics of <see cref="ISkillRegistry"/> on every tier.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class SkillRegistryConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private ISkillRegistry Skills => Runtime.Context.Skills;

    private static SkillInfo Skill(string name, string description) =>
        new(name, description, $"/skills/{name}/SKILL.md", "builtin", [], new Dictionary<string, string>());

    [Fact]
    public async Task RegisterGetListAndReplace()
    {
        await Skills.RegisterAsync(Skill("b-skill", "first"), Cancellation);
        await Skills.RegisterAsync(Skill("a-skill", "x"), Cancellation);
        await Skills.RegisterAsync(Skill("b-skill", "second"), Cancellation);

        Assert.Equal("second", (await Skills.GetAsync("b-skill", Cancellation))?.Description);
        Assert.Equal(["a-skill", "b-skill"], (await Skills.ListAsync(Cancellation).ToListAsync(Cancellation)).Select(s => s.Name));
        Assert.True(await Skills.DeregisterAsync("a-skill", Cancellation));
        Assert.Null(await Skills.GetAsync("a-skill", Cancellation));
    }

    [Fact]
    public async Task Search_RanksNameMatchesAboveDescriptionMatches()
    {
        await Skills.RegisterAsync(Skill("commit-message", "Write a commit message from the staged changes."), Cancellation);
        await Skills.RegisterAsync(Skill("test-writer", "Write unit tests for code under review."), Cancellation);
        await Skills.RegisterAsync(Skill("code-review", "Check a diff for bugs, style and missing tests."), Cancellation);

        var review = await Skills.SearchAsync("review", cancellationToken: Cancellation);
        var tests = await Skills.SearchAsync("write tests", cancellationToken: Cancellation);

        Assert.Equal(["code-review", "test-writer"], review.Select(m => m.Skill.Name));
        Assert.Equal("test-writer", tests[0].Skill.Name);
        Assert.Empty(await Skills.SearchAsync("kubernetes", cancellationToken: Cancellation));
    }
}
