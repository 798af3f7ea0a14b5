using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;
using Memfun.Llm;
using Microsoft.Extensions.AI;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>
/// <c>doctor --deep</c>: sends the root model a one-token request through the same clients the agent uses, which
/// proves that the key, the model name and the endpoint work together (it costs one token).
/// </summary>
internal sealed class ModelRequestCheck(IReadOnlyDictionary<string, string?> variables) : IDoctorCheck
{
    public string Name => "model request (--deep)";

    public bool IsRequired => true;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        try
        {
            using var clients = LlmClients.Create(config.Llm with { MaxRetries = 0 }, new LlmClientOptions { Environment = variables });
            var response = await clients.Root.GetResponseAsync("Reply with one word: ok", new ChatOptions { MaxOutputTokens = 1 }, cancellationToken).ConfigureAwait(false);
            return DoctorCheckResult.Ok($"{config.Llm.Model} answered a one-token request ({response.Usage?.TotalTokenCount ?? 0} tokens)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return DoctorCheckResult.Missing($"{config.Llm.Model} did not answer: {e.Message}", "check [llm] model, base_url and the key named by api_key_env (memfun config show)");
        }
    }
}
