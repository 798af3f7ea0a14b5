using System.IO.Pipelines;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Memfun.Sandbox.Docker;

/// <summary>
/// A kernel in a container, reached through the Engine API's attached streams: stdout (the protocol) is
/// demultiplexed into a pipe, stderr kept for diagnostics, and protocol input pumped to the container's stdin.
/// </summary>
internal sealed class DockerKernelTransport : IKernelTransport
{
    private readonly DockerClient _client;
    private readonly string _containerId;
    private readonly MultiplexedStream _stream;
    private readonly Pipe _output = new();
    private readonly Pipe _input = new();
    private readonly StringBuilder _stderr = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _readPump;
    private readonly Task _writePump;
    private volatile bool _exited;

    private DockerKernelTransport(DockerClient client, string containerId, MultiplexedStream stream)
    {
        _client = client;
        _containerId = containerId;
        _stream = stream;
        Output = _output.Reader.AsStream();
        Input = new StreamWriter(_input.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = false };
        _readPump = Task.Run(ReadPumpAsync);
        _writePump = Task.Run(WritePumpAsync);
    }

    public Stream Output { get; }

    public TextWriter Input { get; }

    // The daemon may not share this machine's file system: values travel through the protocol.
    public ValueDrop? Values => null;

    public bool HasExited => _exited;

    public static async Task<DockerKernelTransport> StartAsync(DockerClient client, string image, SandboxOptions options, CancellationToken cancellationToken)
    {
        var project = Path.GetFullPath(options.ProjectRoot);
        var tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev,size=64m" };
        var binds = new List<string> { $"{project}:{project}:{(options.AllowWrites ? "rw" : "ro")}" };
        if (StateFolder.Prepare(project) is (string state, bool isFolder))
        {
            if (isFolder)
            {
                tmpfs[state] = "ro,nosuid,nodev,size=1m";
            }
            else
            {
                binds.Add($"/dev/null:{state}:ro");
            }
        }

        var created = await client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = image,
                Cmd = ["python3", .. KernelScript.Arguments(options, runAsUid: null)],
                User = $"{KernelScript.UnprivilegedUid}:{KernelScript.UnprivilegedUid}",
                WorkingDir = project,
                Env = ["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8"],
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                OpenStdin = true,
                StdinOnce = true,
                Tty = false,
                NetworkDisabled = !options.AllowNetwork,
                Labels = new Dictionary<string, string> { ["memfun.sandbox"] = "kernel" },
                HostConfig = new HostConfig
                {
                    NetworkMode = options.AllowNetwork ? "bridge" : "none",
                    Binds = binds,
                    Memory = options.MemoryMb * 1024L * 1024L,
                    PidsLimit = options.MaxProcesses,
                    ReadonlyRootfs = true,
                    Tmpfs = tmpfs,
                    CapDrop = ["ALL"],
                    SecurityOpt = ["no-new-privileges"],
                    AutoRemove = true,
                },
            },
            cancellationToken).ConfigureAwait(false);
        var stream = await client.Containers.AttachContainerAsync(created.ID, false, new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true }, cancellationToken).ConfigureAwait(false);
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        return new DockerKernelTransport(client, created.ID, stream);
    }

    public string Describe()
    {
        lock (_stderr)
        {
            return $"Container {_containerId[..Math.Min(12, _containerId.Length)]}. {_stderr}".Trim();
        }
    }

    public void Ready()
    {
        // Stopping the container stops everything in it, ready or not.
    }

    public void Kill()
    {
        _exited = true;
        _stopping.Cancel();
        _ = RemoveAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await RemoveAsync().ConfigureAwait(false);
        await Task.WhenAll(_readPump, _writePump).ConfigureAwait(false);
        _stream.Dispose();
        _stopping.Dispose();
    }

    private async Task RemoveAsync()
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(_containerId, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // Already removed (AutoRemove) or being removed.
        }
    }

    private async Task ReadPumpAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, _stopping.Token).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                if (read.Target == MultiplexedStream.TargetStream.StandardOut)
                {
                    await _output.Writer.WriteAsync(buffer.AsMemory(0, read.Count), _stopping.Token).ConfigureAwait(false);
                }
                else
                {
                    lock (_stderr)
                    {
                        if (_stderr.Length < 16_384)
                        {
                            _stderr.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The container is gone; the reader sees the end of the protocol stream.
        }

        _exited = true;
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
    }

    private async Task WritePumpAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.Reader.ReadAsync(_stopping.Token).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    var bytes = segment.ToArray();
                    await _stream.WriteAsync(bytes, 0, bytes.Length, _stopping.Token).ConfigureAwait(false);
                }

                _input.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopping, or the container is gone.
        }
    }
}
