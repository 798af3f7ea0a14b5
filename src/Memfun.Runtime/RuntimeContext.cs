using Memfun.Runtime.Agents;
using Memfun.Runtime.Events;
using Memfun.Runtime.Health;
using Memfun.Runtime.Sessions;
using Memfun.Runtime.Skills;
using Memfun.Runtime.State;
using Microsoft.Extensions.Logging;

namespace Memfun.Runtime;

/// <summary>What an agent can use: every runtime contract, whatever the tier.</summary>
/// <param name="Tier">The tier's name.</param>
/// <param name="EventBus">Events.</param>
/// <param name="State">Key-value state.</param>
/// <param name="Registry">The agent registry.</param>
/// <param name="Sessions">Sessions.</param>
/// <param name="Skills">The skill registry.</param>
/// <param name="Health">The health monitor.</param>
/// <param name="LoggerFactory">Logging.</param>
/// <param name="TimeProvider">The clock.</param>
public sealed record RuntimeContext(
    string Tier,
    IEventBus EventBus,
    IStateStore State,
    IAgentRegistry Registry,
    ISessionManager Sessions,
    ISkillRegistry Skills,
    IHealthMonitor Health,
    ILoggerFactory LoggerFactory,
    TimeProvider TimeProvider);
