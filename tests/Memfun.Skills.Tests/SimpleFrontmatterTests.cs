using Memfun.Skills.Definitions;
using YamlDotNet.RepresentationModel;

namespace Memfun.Skills.Tests;

/// <summary>
/// The quick reader of simple frontmatter must give exactly what YamlDotNet gives, and leave everything else to it.
/// </summary>
public sealed class SimpleFrontmatterTests
{
    public static TheoryData<string> SimpleTexts =>
    [
        "name: pdf\ndescription: Extracts text. Use when a PDF is given.\n",
        "name: a\r\ndescription: b\r\n",
        "name: x\ndescription: 'single quoted: with colon'\nlicense: \"MIT\"\n",
        "# a comment\nname: x\n\ndescription: C# and F# (git diff:*) 100% sure — ünïcode 日本\n",
        "name: x\ndescription: y\nmetadata:\n  author: me\n  version: \"1.0\"\n  # note\n  count: 3\nallowed-tools: Read Bash(git log:*)\n",
        "name: x\ndescription: trailing spaces   \nmax-iterations: 20\nnetwork: true\nnothing: ~\n",
        "name: x\ndescription: y\nmetadata:\n    deep-indent: four spaces\n",
    ];

    public static TheoryData<string> OtherTexts =>
    [
        "name: x\ndescription: >\n  folded\n  text\n",
        "name: x\ndescription: |\n  literal\n",
        "name: x\ndescription: a\n  continued on the next line\n",
        "name: x\ncapabilities:\n  - one\n  - two\n",
        "name: x\ncapabilities: [one, two]\n",
        "name: x\ndescription: Use when: a colon follows\n",
        "name: x\ndescription: value # comment\n",
        "name: x\nname: y\n",
        "name: x\nmetadata:\n  a: 1\n  a: 2\n",
        "name: x\nmetadata:\n",
        "name: x\nmetadata:\n  a: 1\n    b: 2\n",
        "name: x\nmetadata:\n  nested:\n    deeper: 1\n",
        "name: x\ndescription: \"escaped \\\" quote\"\n",
        "name: x\ndescription: 'it''s'\n",
        "name: &anchor x\n",
        "name: !tag x\n",
        "\"quoted key\": x\n",
        "name:x\n",
        "name: x\n\tdescription: tab\n",
        "name: x\ndescription: ends with colon:\n",
        "1name: x\n",
        "",
        "# only a comment\n",
    ];

    [Theory]
    [MemberData(nameof(SimpleTexts))]
    public void TryRead_GivesWhatYamlDotNetGives(string yaml)
    {
        var fields = SimpleFrontmatter.TryRead(yaml, firstLine: 2);

        Assert.NotNull(fields);
        var mapping = Assert.IsType<YamlMappingNode>(YamlDotNetRoot(yaml));
        Assert.Equal(mapping.Children.Count, fields.Count);
        foreach (var ((key, value), field) in mapping.Children.Zip(fields))
        {
            Assert.Equal(((YamlScalarNode)key).Value, field.Key);
            Assert.Equal((int)key.Start.Line + 1, field.Line);
            AssertSameNode(value, field.Value);
        }
    }

    [Theory]
    [MemberData(nameof(OtherTexts))]
    public void TryRead_LeavesEverythingElseToYamlDotNet(string yaml) =>
        Assert.Null(SimpleFrontmatter.TryRead(yaml, firstLine: 2));

    [Theory]
    [InlineData("skills/commit-message/SKILL.md")]
    [InlineData("skills/code-review-checklist/SKILL.md")]
    [InlineData("skills/dependency-audit/SKILL.md")]
    [InlineData("skills/test-writer/SKILL.md")]
    [InlineData("agents/architect/AGENT.md")]
    [InlineData("agents/debugger/AGENT.md")]
    [InlineData("agents/reviewer/AGENT.md")]
    public void TryRead_ReadsEveryBuiltInDefinition(string path)
    {
        // The definitions every listing command loads take the quick path, and give what YamlDotNet gives.
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), path)).ReplaceLineEndings("\n");
        var yaml = text.Split("---\n")[1];

        TryRead_GivesWhatYamlDotNetGives(yaml);
    }

    private static YamlNode YamlDotNetRoot(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    private static void AssertSameNode(YamlNode expected, FrontmatterValue actual)
    {
        Assert.Equal((int)expected.Start.Line + 1, actual.Line);
        switch (expected)
        {
            case YamlScalarNode scalar:
                var actualScalar = Assert.IsType<FrontmatterText>(actual);
                Assert.Equal(scalar.Value, actualScalar.Text);
                Assert.Equal(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain, actualScalar.Plain);
                break;
            case YamlMappingNode mapping:
                var actualMapping = Assert.IsType<FrontmatterMap>(actual);
                Assert.Equal(mapping.Children.Count, actualMapping.Entries.Count);
                foreach (var ((key, value), (actualKey, actualValue)) in mapping.Children.Zip(actualMapping.Entries))
                {
                    AssertSameNode(key, actualKey);
                    AssertSameNode(value, actualValue);
                }

                break;
            default:
                Assert.Fail($"unexpected node {expected.NodeType}");
                break;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Memfun.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Memfun.slnx) was not found above the test's folder");
    }
}
