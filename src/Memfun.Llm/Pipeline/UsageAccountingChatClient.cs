using Memfun.Llm.Usage;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>Adds every completed call's tokens and cost to a <see cref="UsageLedger"/>.</summary>
/// <remarks>Failed calls are not counted: providers do not bill them and report no usage.</remarks>
public sealed class UsageAccountingChatClient(IChatClient innerClient, UsageLedger ledger) : ObservingChatClient(innerClient)
{
    /// <inheritdoc />
    protected override void OnCallCompleted(LlmCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Error is null)
        {
            ledger.Record(call.Model, call.Usage);
        }
    }
}
