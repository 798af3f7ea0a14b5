using System.Text.Json;
using Memfun.Skills.Invocation;
using Microsoft.Extensions.AI;

namespace Memfun.Hosting.Tools;

/// <summary>An <see cref="Invocable"/> as an <see cref="AIFunction"/>, with the invocable's own JSON schema, for the MCP gateway.</summary>
internal sealed class InvocableFunction(Invocable invocable) : AIFunction
{
    public override string Name => invocable.ToolName;

    public override string Description => invocable.Description;

    public override JsonElement JsonSchema => invocable.InputSchema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        await invocable.InvokeAsync(JsonSerializer.SerializeToElement(arguments.ToDictionary(a => a.Key, a => a.Value)), cancellationToken).ConfigureAwait(false);
}
