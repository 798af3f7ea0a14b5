using Memfun.Cli.Rendering;

namespace Memfun.Cli.Tests;

public sealed class TextTableTests
{
    [Fact]
    public void Render_DrawsHeaderRowsAndBordersWithColumnsAsWideAsTheirWidestCell()
    {
        var table = new TextTable("Key", "Value").AddRow("llm.model", "qwen").AddRow("a", "longer value");

        const string expected =
            "┌───────────┬──────────────┐\n" +
            "│ Key       │ Value        │\n" +
            "├───────────┼──────────────┤\n" +
            "│ llm.model │ qwen         │\n" +
            "│ a         │ longer value │\n" +
            "└───────────┴──────────────┘\n";
        Assert.Equal(expected, table.Render(width: null));
    }

    [Fact]
    public void Render_WrapsTheWidestColumnAtSpacesToFitTheWidth()
    {
        var table = new TextTable("Key", "Description").AddRow("k", "one two three four five six");

        var lines = table.Render(width: 20).TrimEnd('\n').Split('\n');

        const string expected =
            "┌─────┬────────────┐\n" +
            "│ Key │ Descriptio │\n" +
            "│     │ n          │\n" +
            "├─────┼────────────┤\n" +
            "│ k   │ one two    │\n" +
            "│     │ three four │\n" +
            "│     │ five six   │\n" +
            "└─────┴────────────┘";
        Assert.Equal(expected, string.Join('\n', lines));
        Assert.All(lines, line => Assert.Equal(20, line.Length));
    }

    [Fact]
    public void Render_NarrowsColumnsWithShortWordsFirst_SoNoWordIsCutWhileThatFits()
    {
        // Narrowing the widest column alone would cut "architecture-design"; the description's short words give way.
        var table = new TextTable("Capabilities", "Description").AddRow("architecture-design", "plans the structure of a codebase and its parts");

        var lines = table.Render(width: 40).TrimEnd('\n').Split('\n');

        Assert.Contains(lines, line => line.Contains("│ architecture-design │", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(line.Length <= 40, line));
    }

    [Fact]
    public void Render_CutsAWordLongerThanItsColumn()
    {
        var table = new TextTable("P").AddRow("abcdefghij");

        Assert.Equal("┌──────┐\n│ P    │\n├──────┤\n│ abcd │\n│ efgh │\n│ ij   │\n└──────┘\n", table.Render(width: 8));
    }

    [Fact]
    public void Render_CountsWideCharactersAsTwoColumnsSoBordersLineUp()
    {
        var table = new TextTable("Name", "Note").AddRow("日本語", "x").AddRow("ab", "🙂");

        var lines = table.Render(width: null).TrimEnd('\n').Split('\n');

        Assert.Equal("│ 日本語 │ x    │", lines[3]);
        Assert.Equal("│ ab     │ 🙂   │", lines[4]);
        Assert.Single(lines.Select(TextTable.DisplayWidth).Distinct());
    }

    [Fact]
    public void Render_CutsAWordOfWideCharactersBetweenCharacters_NeverInsideOne()
    {
        // Each emoji is two UTF-16 units and two columns; a column of 5 holds two of them, never half of one.
        var table = new TextTable("E").AddRow("🙂🙃😀😎🤖 ok");

        var lines = table.Render(width: 9).TrimEnd('\n').Split('\n');

        Assert.Equal(["│ 🙂🙃  │", "│ 😀😎  │", "│ 🤖 ok │"], lines[3..6]);
        Assert.Single(lines.Select(TextTable.DisplayWidth).Distinct());
    }

    [Fact]
    public void Render_ShowsControlCharactersFromCellsAsInertText()
    {
        // A skill description from a cloned repository that tries to set the clipboard (OSC 52) and clear the screen.
        var table = new TextTable("Skill", "Description").AddRow("evil", "hi\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J");

        var text = table.Render(width: null);

        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.Contains("hi^[]52;c;ZWNobyBwd25lZA==^G^[[2J", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KeepsACellsOwnLineBreaksAndMakesTabsSpaces()
    {
        var table = new TextTable("A", "B").AddRow("x\ty", "first\r\nsecond");

        Assert.Equal("┌─────┬────────┐\n│ A   │ B      │\n├─────┼────────┤\n│ x y │ first  │\n│     │ second │\n└─────┴────────┘\n", table.Render(width: null));
    }

    [Fact]
    public void Paint_ColoursOnlyThePaintedCellsText_AndOnlyWhenColoursAreAsked()
    {
        var table = new TextTable("Check", "Status").AddRow("git", "OK").Paint(1, Ansi.Green).AddRow("rg", "missing");

        var plain = table.Render(width: null);
        var coloured = table.Render(width: null, colors: true);

        Assert.DoesNotContain('\u001b', plain);
        Assert.Equal("│ git   │ \u001b[38;5;2mOK\u001b[0m      │", coloured.Split('\n')[3]);
        Assert.Equal(plain.Split('\n')[4], coloured.Split('\n')[4]);
        Assert.Throws<InvalidOperationException>(() => new TextTable("A").Paint(0, Ansi.Red));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Paint(2, Ansi.Red));
    }

    [Fact]
    public void AddRow_RefusesMoreCellsThanColumnsAndFillsMissingOnesWithNothing()
    {
        var table = new TextTable("A", "B");

        Assert.Throws<ArgumentOutOfRangeException>(() => table.AddRow("1", "2", "3"));
        Assert.Equal("┌───┬───┐\n│ A │ B │\n├───┼───┤\n│ 1 │   │\n└───┴───┘\n", table.AddRow("1").Render(width: null));
    }

    [Fact]
    public void RenderFields_PadsLabelsWrapsValuesAndLeavesOutEmptyOnes()
    {
        var text = TextTable.RenderFields([("Name", "pdf"), ("License", null), ("Description", "one two three four five six seven")], width: 30);

        const string expected =
            "Name         pdf\n" +
            "Description  one two three\n" +
            "             four five six\n" +
            "             seven\n";
        Assert.Equal(expected, text);
    }
}
