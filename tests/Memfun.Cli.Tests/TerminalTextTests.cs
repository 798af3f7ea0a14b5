using Memfun.Cli.Rendering;

namespace Memfun.Cli.Tests;

public sealed class TerminalTextTests
{
    [Fact]
    public void EscapeSequences_BellAndDelete_AreShownAsCaretNotation()
    {
        var shown = TerminalText.Inert("a\u001b]0;pwned\u0007b\u001b[2Jc\u007fd");

        Assert.Equal("a^[]0;pwned^Gb^[[2Jc^?d", shown);
    }

    [Fact]
    public void LineEndsAndTabsStay_CarriageReturnsAndC1ControlsGo()
    {
        Assert.Equal("one\ttwo\nthree\n", TerminalText.Inert("one\ttwo\r\nthree\u009b\n"));
    }

    [Fact]
    public void PlainText_IsReturnedAsItIs() =>
        Assert.Equal("Just prose — with ünïcode.\n", TerminalText.Inert("Just prose — with ünïcode.\n"));
}
