using Memfun.Core.Logging;
using Memfun.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Core.Tests.Logging;

public sealed class MemfunLoggingTests
{
    [Fact]
    public void Create_WithNowhereToWrite_BuildsNoFactory()
    {
        using var factory = MemfunLogging.Create(logDirectory: null, verbose: false, () => new SecretRedactor([]));

        Assert.Same(NullLoggerFactory.Instance, factory);
    }

    [Fact]
    public void Create_WithAFileLog_WritesIt()
    {
        using var temp = new TempDirectory();
        var logs = temp.Combine("logs");
        using (var factory = MemfunLogging.Create(logs, verbose: false, () => new SecretRedactor([])))
        {
            factory.CreateLogger("Memfun.Test").Log(LogLevel.Information, new EventId(1), "written", null, (s, _) => s);
        }

        Assert.Contains("written", File.ReadAllText(Assert.Single(Directory.GetFiles(logs, "memfun-*.log"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Verbose_SendsDebugLinesToTheConsoleRedacted_AndOnlyInformationToTheFile()
    {
        using var temp = new TempDirectory();
        var logs = temp.Combine("logs");
        using var console = new StringWriter();
        using (var factory = MemfunLogging.Create(logs, verbose: true, () => new SecretRedactor(["hunter2-secret-value"]), console))
        {
            var logger = factory.CreateLogger("Memfun.Test");
            Assert.True(logger.IsEnabled(LogLevel.Debug));
            Assert.False(logger.IsEnabled(LogLevel.Trace));
            logger.Log(LogLevel.Debug, new EventId(1), "details hunter2-secret-value", null, (s, _) => s);
            logger.Log(LogLevel.Information, new EventId(2), "summary", null, (s, _) => s);
            logger.Log(LogLevel.Trace, new EventId(3), "too fine", null, (s, _) => s);
        }

        var file = File.ReadAllText(Assert.Single(Directory.GetFiles(logs, "memfun-*.log")));
        Assert.Contains("summary", file, StringComparison.Ordinal);
        Assert.DoesNotContain("details", file, StringComparison.Ordinal);
        Assert.Contains("details [REDACTED]", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("summary", console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("too fine", console.ToString() + file, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", console.ToString() + file, StringComparison.Ordinal);
    }
}
