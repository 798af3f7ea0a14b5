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
        using var factory = MemfunLogging.Create(logDirectory: null, verbose: false, new SecretRedactor([]));

        Assert.Same(NullLoggerFactory.Instance, factory);
    }

    [Fact]
    public void Create_WithAFileLog_WritesIt()
    {
        using var temp = new TempDirectory();
        var logs = temp.Combine("logs");
        using (var factory = MemfunLogging.Create(logs, verbose: false, new SecretRedactor([])))
        {
            factory.CreateLogger("Memfun.Test").Log(LogLevel.Information, new EventId(1), "written", null, (s, _) => s);
        }

        Assert.Contains("written", File.ReadAllText(Assert.Single(Directory.GetFiles(logs, "memfun-*.log"))), StringComparison.Ordinal);
    }
}
