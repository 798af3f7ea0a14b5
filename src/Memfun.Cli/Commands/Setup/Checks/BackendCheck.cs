using System.Net.Sockets;
using Memfun.Cli.Diagnostics;
using Memfun.Core.Logging;
using Memfun.Hosting;
using Memfun.Hosting.Configuration;
using Memfun.Runtime;
using Memfun.Runtime.Errors;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>Checks that the configured runtime backend can be used: a writable SQLite folder, or a reachable server.</summary>
internal sealed class BackendCheck : IDoctorCheck
{
    public string Name => "backend";

    public bool IsRequired => true;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        var backend = config.Backend;
        switch (backend.Tier)
        {
            case BackendTier.Memory:
                return DoctorCheckResult.Ok("memory (nothing survives the process)");
            case BackendTier.Sqlite:
                var path = config.ResolvePath(backend.SqlitePath);
                if (File.Exists(path))
                {
                    return await OpenAsync(config, $"sqlite database {path}", cancellationToken).ConfigureAwait(false);
                }

                var folder = NearestExisting(Path.GetDirectoryName(path)!);
                return IsWritable(folder)
                    ? DoctorCheckResult.Ok($"sqlite at {path} (created on first use)")
                    : DoctorCheckResult.Missing($"sqlite: {folder} is not writable", "set [backend] sqlite_path to a writable location");
            default:
                var url = backend.Tier == BackendTier.Redis ? backend.RedisUrl : backend.NatsUrl;
                var shown = new SecretRedactor().Redact(url);
                var uri = new Uri(url);
                var port = uri.Port > 0 ? uri.Port : backend.Tier == BackendTier.Redis ? 6379 : 4222;
                using (var client = new TcpClient())
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(3));
                    try
                    {
                        await client.ConnectAsync(uri.Host, port, timeout.Token).ConfigureAwait(false);
                        return DoctorCheckResult.Ok($"{backend.Tier.ToString().ToLowerInvariant()} reachable at {shown}");
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        return DoctorCheckResult.Missing($"{backend.Tier.ToString().ToLowerInvariant()} unreachable at {shown}", "start the server (see docker/compose.yaml) or set [backend] tier = \"sqlite\"");
                    }
                }
        }
    }

    /// <summary>Opens the configured tier the way every command does, so doctor reports what they would hit.</summary>
    private static async Task<DoctorCheckResult> OpenAsync(MemfunConfig config, string what, CancellationToken cancellationToken)
    {
        try
        {
            await using var runtime = await RuntimeTiers.NewBuilder().UseConfig(config).BuildAsync(cancellationToken).ConfigureAwait(false);
            return DoctorCheckResult.Ok(what);
        }
        catch (BackendException e)
        {
            return DoctorCheckResult.Missing(e.Message, e.Hint ?? "see docs/runtime.md");
        }
    }

    private static string NearestExisting(string folder)
    {
        var current = new DirectoryInfo(folder);
        while (!current.Exists && current.Parent is not null)
        {
            current = current.Parent;
        }

        return current.FullName;
    }

    private static bool IsWritable(string folder)
    {
        var probe = Path.Combine(folder, $".memfun-doctor-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
