using System.Globalization;
using System.Text;
using Memfun.Skills.Definitions;
using Memfun.Testing;

namespace Memfun.Skills.Tests;

/// <summary>Every rule of the Agent Skills specification, with a valid and an invalid fixture each.</summary>
public sealed class SkillSpecTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("a")]
    [InlineData("pdf-processing")]
    [InlineData("data-analysis-2")]
    [InlineData("0day")]
    public void Name_LowercaseLettersDigitsAndSingleHyphens_IsValid(string name)
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, name, name));

        Assert.NotNull(skill);
        Assert.Equal(name, skill.Name);
        Assert.DoesNotContain(issues, i => i.Severity == IssueSeverity.Error);
    }

    [Theory]
    [InlineData("PDF-Processing", "contains 'P'")]
    [InlineData("-pdf", "starts or ends with a hyphen")]
    [InlineData("pdf-", "starts or ends with a hyphen")]
    [InlineData("pdf--processing", "double hyphen")]
    [InlineData("pdf_processing", "contains '_'")]
    [InlineData("pdf.processing", "contains '.'")]
    public void Name_BreakingACharacterRule_IsAnErrorOnTheNameLine(string name, string expected)
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, name, name));

        Assert.Null(skill);
        var issue = Assert.Single(issues, i => i.Severity == IssueSeverity.Error);
        Assert.Equal("name", issue.Field);
        Assert.Equal(2, issue.Line);
        Assert.EndsWith("SKILL.md", issue.File, StringComparison.Ordinal);
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_Of64Characters_IsValidAnd65IsNot()
    {
        var longest = new string('a', 64);
        var tooLong = new string('a', 65);

        Assert.Equal(longest, Fixtures.Load(Fixtures.Valid(_root, longest, longest)).Skill?.Name);
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, tooLong, tooLong));
        Assert.Null(skill);
        Assert.Contains(issues, i => i.Field == "name" && i.Message.Contains("65 characters; the limit is 64", StringComparison.Ordinal));
    }

    [Fact]
    public void Name_DifferentFromTheFolder_IsAnError()
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "folder-name", "other-name"));

        Assert.Null(skill);
        var issue = Assert.Single(issues);
        Assert.Equal("name", issue.Field);
        Assert.Contains("must equal the skill's folder name 'folder-name'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_IsNfkcNormalisedBeforeChecking()
    {
        // U+FF41 (fullwidth 'a') normalises to 'a' under NFKC.
        var (skill, _) = Fixtures.Load(Fixtures.Valid(_root, "abc", "\uFF41bc"));

        Assert.NotNull(skill);
        Assert.Equal("abc", skill.Name);
    }

    [Theory]
    [InlineData("description: Extracts text. Use when handling PDFs.", "name", "the required field 'name' is missing")]
    [InlineData("name: my-skill", "description", "the required field 'description' is missing")]
    [InlineData("name: my-skill\ndescription: \"\"", "description", "'description' is empty")]
    [InlineData("name: my-skill\ndescription: [a, b]", "description", "must be text, not a list")]
    [InlineData("name: [my-skill]\ndescription: x", "name", "must be text, not a list")]
    [InlineData("name: my-skill\ndescription: x\ncompatibility: True", "compatibility", "must be a string, not the YAML value True")]
    [InlineData("name: my-skill\ndescription: x\ncompatibility: 12.5e3", "compatibility", "must be a string, not the YAML value 12.5e3")]
    [InlineData("name: my-skill\ndescription: x\ncompatibility: ~", "compatibility", "must be a string, not the YAML value ~")]
    [InlineData("name: my-skill\ndescription: x\ncompatibility: 0x1F", "compatibility", "must be a string, not the YAML value 0x1F")]
    public void Fields_MissingEmptyOrNotText_AreErrors(string frontmatter, string field, string expected)
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Skill(_root, "my-skill", frontmatter));

        Assert.Null(skill);
        Assert.Contains(issues, i => i.Field == field && i.Severity == IssueSeverity.Error && i.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Truest words", "Truest words")]
    [InlineData("nullable values", "nullable values")]
    [InlineData("\"true\"", "true")]
    [InlineData("'42'", "42")]
    public void Compatibility_ThatOnlyLooksLikeAYamlValue_IsText(string compatibility, string expected)
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Skill(_root, "my-skill", "name: my-skill\ndescription: x\ncompatibility: " + compatibility));

        Assert.Equal(expected, skill?.Compatibility);
        Assert.DoesNotContain(issues, i => i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public void Description_Of1024Characters_IsValidAnd1025IsAnError()
    {
        Assert.Equal(1024, Fixtures.Load(Fixtures.Valid(_root, "ok", "ok", new string('d', 1024))).Skill?.Description.Length);

        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "long", "long", new string('d', 1025)));
        Assert.Null(skill);
        var issue = Assert.Single(issues);
        Assert.Equal(("description", 3), (issue.Field, issue.Line));
        Assert.Contains("1025 characters; the limit is 1024", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compatibility_Of500Characters_IsValidAnd501IsAnError()
    {
        Assert.Equal(500, Fixtures.Load(Fixtures.Valid(_root, "ok", "ok", extra: "compatibility: " + new string('c', 500))).Skill?.Compatibility?.Length);

        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "long", "long", extra: "compatibility: " + new string('c', 501)));
        Assert.Null(skill);
        Assert.Contains(issues, i => i.Field == "compatibility" && i.Line == 4 && i.Message.Contains("501 characters; the limit is 500", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionalFields_AreRead()
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "full", "full", extra: """
            license: Apache-2.0
            compatibility: Requires git and network access
            metadata:
              author: example-org
              version: "1.0"
            allowed-tools: Bash(git:*) Bash(jq:*) Read
            """));

        Assert.NotNull(skill);
        Assert.Empty(issues);
        Assert.Equal("Apache-2.0", skill.License);
        Assert.Equal("Requires git and network access", skill.Compatibility);
        Assert.Equal("example-org", skill.Metadata["author"]);
        Assert.Equal("1.0", skill.Metadata["version"]);
        Assert.Equal(["Bash(git:*)", "Bash(jq:*)", "Read"], skill.AllowedTools.Select(t => t.Text));
        Assert.Equal([ToolKind.Command, ToolKind.Command, ToolKind.Read], skill.AllowedTools.Select(t => t.Kind));
    }

    [Theory]
    [InlineData("metadata: just text", "must be a mapping")]
    [InlineData("metadata:\n  nested:\n    a: b", "must map text to text")]
    [InlineData("metadata:\n  list: [1, 2]", "must map text to text")]
    public void Metadata_NotAStringMap_IsAnError(string metadata, string expected)
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "meta", "meta", extra: metadata));

        Assert.Null(skill);
        Assert.Contains(issues, i => i.Field == "metadata" && i.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Metadata_BadEntry_IsReportedOnItsOwnLine()
    {
        // YAML that takes YamlDotNet's path (a flow list), so the line comes through the conversion of its nodes.
        var (_, issues) = Fixtures.Load(Fixtures.Valid(_root, "meta-line", "meta-line", extra: "metadata:\n  ok: fine\n  list: [1, 2]"));

        var issue = Assert.Single(issues, i => i.Field == "metadata");
        var lines = File.ReadAllLines(issue.File);
        Assert.StartsWith("  list:", lines[issue.Line - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_AliasBomb_IsAnErrorWithoutExpandingIt()
    {
        // A planted SKILL.md whose aliases would expand to 10^9 entries if anything walked them: the checks read a field's
        // value and its entries only, so this is one error per entry, read in a moment.
        var bomb = new System.Text.StringBuilder("metadata:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            bomb.Append(CultureInfo.InvariantCulture, $"  {level}: &{level} [{string.Join(", ", Enumerable.Repeat("*" + (char)(level - 1), 10))}]\n");
        }

        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "bomb", "bomb", extra: bomb.ToString().TrimEnd('\n')));

        Assert.Null(skill);
        Assert.Equal(9, issues.Count(i => i.Field == "metadata" && i.Message.Contains("must map text to text", StringComparison.Ordinal)));
    }

    [Fact]
    public void UnknownFields_AreWarningsWithTheirLine_AndTheSkillLoads()
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "extra", "extra", extra: "version: 1.0.0\nuser-invocable: true"));

        Assert.NotNull(skill);
        Assert.All(issues, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
        Assert.Equal([("version", 4), ("user-invocable", 5)], issues.Select(i => (i.Field!, i.Line)));
    }

    [Fact]
    public void AllowedTools_UnknownToolIsAWarning_AndAListIsAcceptedWithAWarning()
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Valid(_root, "tools", "tools", extra: "allowed-tools:\n  - Read\n  - Frobnicate"));

        Assert.NotNull(skill);
        Assert.Contains("Read", skill.AllowedTools.Select(t => t.Text));
        Assert.Contains(issues, i => i.Field == "allowed-tools" && i.Message.Contains("space-separated text", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Field == "allowed-tools" && i.Message.Contains("unknown tool 'Frobnicate'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "missing frontmatter", 1)]
    [InlineData("# Just markdown\n", "missing frontmatter", 1)]
    [InlineData("---\nname: x\ndescription: y\n", "not closed", 1)]
    [InlineData("---\n---\nbody", "empty", 2)]
    [InlineData("---\n- a\n- b\n---\nbody", "must be a YAML mapping", 2)]
    public void Frontmatter_MissingUnclosedEmptyOrNotAMapping_IsAnError(string text, string expected, int line)
    {
        _root.WriteFile("broken/SKILL.md", text);

        var (skill, issues) = Fixtures.Load(_root.Combine("broken"));

        Assert.Null(skill);
        var issue = Assert.Single(issues);
        Assert.Equal(line, issue.Line);
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYaml_IsAnErrorOnTheLineTheParserStopped()
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Skill(_root, "broken", "name: broken\ndescription: ok\nmetadata: {a: b\nlicense: MIT"));

        Assert.Null(skill);
        var issue = Assert.Single(issues);
        Assert.Null(issue.Field);
        Assert.StartsWith("invalid YAML", issue.Message, StringComparison.Ordinal);
        Assert.InRange(issue.Line, 4, 6);
    }

    [Fact]
    public void UnquotedColonInAValue_IsReadLeniently_WithAWarning()
    {
        var (skill, issues) = Fixtures.Load(Fixtures.Skill(_root, "colon", "name: colon\ndescription: Formats dates. Use when: the user asks"));

        Assert.NotNull(skill);
        Assert.Equal("Formats dates. Use when: the user asks", skill.Description);
        var warning = Assert.Single(issues);
        Assert.Equal((IssueSeverity.Warning, 3), (warning.Severity, warning.Line));
        Assert.Contains("': ' without quotes", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongFile_AndEmptyBody_AreWarnings()
    {
        var (longSkill, longIssues) = Fixtures.Load(Fixtures.Skill(_root, "long", "name: long\ndescription: d", string.Concat(Enumerable.Repeat("line\n", 600))));
        var (emptySkill, emptyIssues) = Fixtures.Load(Fixtures.Skill(_root, "empty", "name: empty\ndescription: d", "\n"));

        Assert.Equal("long", longSkill?.Name);
        Assert.Contains(longIssues, i => i.Message.Contains("keep it under 500", StringComparison.Ordinal));
        Assert.Equal("empty", emptySkill?.Name);
        Assert.Contains(emptyIssues, i => i.Message.Contains("body is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryViolation_IsReported_NotOnlyTheFirst()
    {
        var (_, issues) = Fixtures.Load(Fixtures.Skill(_root, "many", $"name: Many\ndescription: {new string('x', 2000)}\ncompatibility: {new string('c', 600)}\nextra: 1"));

        Assert.Equal(["name", "description", "compatibility", "extra"], issues.Select(i => i.Field!));
        Assert.Equal([2, 3, 4, 5], issues.Select(i => i.Line));
    }

    [Fact]
    public void Issue_FormatsAsFileLineSeverityFieldMessage()
    {
        var issue = new DefinitionIssue("skills/x/SKILL.md", 3, "description", IssueSeverity.Error, "too long");

        Assert.Equal("skills/x/SKILL.md:3: error: description: too long", issue.ToString());
    }

    [Fact]
    public async Task Body_IsReadOnDemand_FromTheFile()
    {
        var (skill, _) = Fixtures.Load(Fixtures.Skill(_root, "lazy", "name: lazy\ndescription: d", "# Lazy\n\nStep one.\n"));

        Assert.NotNull(skill);
        Assert.Equal(5, skill.BodyLine);
        Assert.Equal("# Lazy\n\nStep one.", skill.ReadBody());
    }

    [Fact]
    public async Task Resources_AreListedAndReadRelativeToTheSkill_AndCannotEscapeIt()
    {
        var directory = Fixtures.Valid(_root, "res", "res");
        _root.WriteFile("res/references/guide.md", "the guide");
        _root.WriteFile("res/scripts/run.py", "print(1)");
        _root.WriteFile("secret.txt", "outside");
        var (skill, _) = Fixtures.Load(directory);

        Assert.Equal(["references/guide.md", "scripts/run.py"], skill!.ResourceFiles());
        Assert.Equal("the guide", await skill.ReadResourceAsync("references/guide.md", TestContext.Current.CancellationToken));
        var escape = await Assert.ThrowsAsync<Core.Errors.SecurityException>(() => skill.ReadResourceAsync("../secret.txt", TestContext.Current.CancellationToken));
        Assert.Equal(Core.Errors.MemfunErrorCodes.SecurityPathEscape, escape.ErrorCode);
        Assert.Contains("climbs above the folder of the skill 'res'", escape.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8 with a byte order mark")]
    [InlineData("utf-16 little-endian with a byte order mark")]
    [InlineData("utf-16 big-endian with a byte order mark")]
    public void File_InEveryEncodingWithAMark_IsReadTheSame(string encoding)
    {
        var text = "---\nname: menu\ndescription: Reads café menus. Use when ordering.\n---\n# Steps\n\nOrder a crème brûlée.\n";
        var bytes = encoding switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(text),
            "utf-8 with a byte order mark" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16 little-endian with a byte order mark" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        };
        Directory.CreateDirectory(_root.Combine("menu"));
        File.WriteAllBytes(_root.Combine("menu/SKILL.md"), bytes);

        var (skill, issues) = Fixtures.Load(_root.Combine("menu"));

        Assert.Empty(issues);
        Assert.NotNull(skill);
        Assert.Equal("menu", skill.Name);
        Assert.Equal("Reads café menus. Use when ordering.", skill.Description);
        Assert.Equal("# Steps\n\nOrder a crème brûlée.", skill.ReadBody());
    }
}
