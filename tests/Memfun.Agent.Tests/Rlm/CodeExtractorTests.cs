using Memfun.Agent.Rlm;

namespace Memfun.Agent.Tests.Rlm;

public sealed class CodeExtractorTests
{
    [Fact]
    public void Extract_JoinsPythonAndUntaggedBlocksAndSkipsOtherLanguages()
    {
        var reply = "First:\n```python\nx = 1\n```\nA shell aside:\n```bash\nrm -rf /\n```\nThen:\n```\nprint(x)\n```";

        Assert.Equal("x = 1\n\nprint(x)", CodeExtractor.Extract(reply));
    }

    [Fact]
    public void Extract_KeepsCodeOfAnUnterminatedFence() =>
        Assert.Equal("print('cut off')", CodeExtractor.Extract("```repl\nprint('cut off')"));

    [Fact]
    public void Extract_ReturnsNothingForProse() =>
        Assert.Equal("", CodeExtractor.Extract("The answer is in `main.py`, no code needed."));

    [Fact]
    public void Extract_HandlesWindowsLineEndings() =>
        Assert.Equal("a = 2", CodeExtractor.Extract("```py\r\na = 2\r\n```\r\n"));
}
