using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console.Testing;

namespace Memfun.Cli.Tests;

public sealed class ErrorRendererTests
{
    private static (CliEnvironment Environment, TestConsole Error) Environment(bool colors)
    {
        var error = new TestConsole();
        return (new CliEnvironment { WorkingDirectory = "/", Variables = new Dictionary<string, string?>(), Out = new TestConsole(), Error = error, ErrorColors = colors }, error);
    }

    [Fact]
    public void Render_WritesTheCodeMessageAndHint_PlainWithoutColours()
    {
        var (environment, error) = Environment(colors: false);

        var exitCode = ErrorRenderer.Render(environment, new ConfigException(MemfunErrorCodes.ConfigBadValue, "bad value") { Hint = "fix it" }, verbose: false);

        Assert.Equal(ExitCodes.Config, exitCode);
        Assert.Equal($"error {MemfunErrorCodes.ConfigBadValue}: bad value\nhint: fix it\n", error.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Render_ColoursTheLabelsOnATerminal_AndShowsControlCharactersInTheMessageInert()
    {
        var (environment, error) = Environment(colors: true);

        ErrorRenderer.Render(environment, new InvalidOperationException("boom\u001b]0;pwned\u0007"), verbose: false);

        Assert.StartsWith("\u001b[38;5;9minternal error\u001b[0m: boom^[]0;pwned^G", error.Output, StringComparison.Ordinal);
        Assert.Contains("\u001b[38;5;8mThis is a bug in memfun.", error.Output, StringComparison.Ordinal);
    }
}
