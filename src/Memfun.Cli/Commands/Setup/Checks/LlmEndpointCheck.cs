using System.Net;
using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;
using Memfun.Llm;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>
/// Checks that the model endpoint answers (reachability only: it sends no prompt and spends nothing; <c>--deep</c>
/// adds <see cref="ModelRequestCheck"/>). Required: without a usable model no agent command can run.
/// </summary>
internal sealed class LlmEndpointCheck(IReadOnlyDictionary<string, string?> variables) : IDoctorCheck
{
    public string Name => "model endpoint";

    public bool IsRequired => true;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        var llm = config.Llm;
        var baseUrl = llm.EffectiveBaseUrl.TrimEnd('/');
        string? key = null;
        if (llm.ApiKeyEnv is { } keyEnv)
        {
            key = variables.GetValueOrDefault(keyEnv);
            if (string.IsNullOrEmpty(key))
            {
                return DoctorCheckResult.Missing($"${keyEnv} is not set", $"export {keyEnv}=<your key> (the name comes from [llm] api_key_env)");
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + (llm.Provider == LlmProvider.Anthropic ? "/v1/models" : "/models"));
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(llm.Provider == LlmProvider.Anthropic ? "x-api-key" : "Authorization", llm.Provider == LlmProvider.Anthropic ? key : "Bearer " + key);
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => DoctorCheckResult.Missing($"{baseUrl} rejected the key in ${llm.ApiKeyEnv}", "check the key, or [llm] api_key_env"),
                _ => DoctorCheckResult.Ok($"{baseUrl} answered ({(int)response.StatusCode}); model {llm.Model}"),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var fix = llm.BaseUrl is null && llm.Provider is LlmProvider.OpenAICompatible or LlmProvider.Ollama
                ? "start Ollama (`ollama serve`), or run `memfun init` to choose a provider, or set [llm] base_url and api_key_env in memfun.toml"
                : "check [llm] base_url in memfun.toml and your network";
            return DoctorCheckResult.Missing($"{baseUrl} is unreachable", fix);
        }
    }
}
