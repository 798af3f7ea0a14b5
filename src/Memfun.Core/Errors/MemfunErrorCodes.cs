namespace Memfun.Core.Errors;

/// <summary>
/// Stable error codes. A code is never reused for a different meaning; new codes are added at the end of
/// their family's range (config 1xxx, backend 2xxx, agent 3xxx, session 4xxx, sandbox 5xxx, skill 6xxx,
/// tool 7xxx, LLM 8xxx, security 9xxx).
/// </summary>
public static class MemfunErrorCodes
{
    /// <summary>Invalid configuration.</summary>
    public const string ConfigInvalid = "MF1000";

    /// <summary>A configuration file is not valid TOML.</summary>
    public const string ConfigSyntax = "MF1001";

    /// <summary>A configuration key is not known.</summary>
    public const string ConfigUnknownKey = "MF1002";

    /// <summary>A configuration value has the wrong type.</summary>
    public const string ConfigWrongType = "MF1003";

    /// <summary>A configuration value is out of range or not one of the allowed values.</summary>
    public const string ConfigBadValue = "MF1004";

    /// <summary>A secret was written into a file instead of being referenced through an environment variable.</summary>
    public const string ConfigLiteralSecret = "MF1005";

    /// <summary>A file that must not be overwritten already exists.</summary>
    public const string ConfigFileExists = "MF1006";

    /// <summary>A command that acts on the project's <c>memfun.toml</c> found none.</summary>
    public const string ConfigFileMissing = "MF1007";

    /// <summary>A backend operation failed.</summary>
    public const string BackendFailure = "MF2000";

    /// <summary>A backend is unreachable.</summary>
    public const string BackendUnavailable = "MF2001";

    /// <summary>A payload is larger than the backend accepts.</summary>
    public const string BackendPayloadTooLarge = "MF2002";

    /// <summary>A backend's store is corrupt or belongs to something else.</summary>
    public const string BackendCorrupt = "MF2003";

    /// <summary>A backend server lacks a required feature (for example JetStream).</summary>
    public const string BackendMissingFeature = "MF2004";

    /// <summary>An agent failed.</summary>
    public const string AgentFailure = "MF3000";

    /// <summary>No agent has the requested name or capability.</summary>
    public const string AgentNotFound = "MF3001";

    /// <summary>An agent definition (AGENT.md) is invalid.</summary>
    public const string AgentInvalid = "MF3002";

    /// <summary>A delegation would loop or exceed its depth.</summary>
    public const string AgentDelegationLoop = "MF3003";

    /// <summary>A task did not finish within its timeout.</summary>
    public const string AgentTimeout = "MF3004";

    /// <summary>A session operation failed.</summary>
    public const string SessionFailure = "MF4000";

    /// <summary>No session has the given id.</summary>
    public const string SessionNotFound = "MF4001";

    /// <summary>A sandbox operation failed.</summary>
    public const string SandboxFailure = "MF5000";

    /// <summary>The sandbox could not be started (missing python3, Docker unreachable...).</summary>
    public const string SandboxUnavailable = "MF5002";

    /// <summary>A kernel broke the sandbox protocol (garbage, an over-long line, a forged or excess host call); it was stopped.</summary>
    public const string SandboxProtocolViolation = "MF5003";

    /// <summary>A skill failed.</summary>
    public const string SkillFailure = "MF6000";

    /// <summary>No skill has the given name.</summary>
    public const string SkillNotFound = "MF6001";

    /// <summary>A SKILL.md violates the Agent Skills specification.</summary>
    public const string SkillInvalid = "MF6002";

    /// <summary>A tool call failed.</summary>
    public const string ToolFailure = "MF7000";

    /// <summary>No tool has the given name.</summary>
    public const string ToolNotFound = "MF7001";

    /// <summary>A tool was called with invalid arguments.</summary>
    public const string ToolBadArguments = "MF7002";

    /// <summary>A file changed on disk since the agent read it or since a patch was applied: writing would lose that edit.</summary>
    public const string ToolConflict = "MF7003";

    /// <summary>A model call failed.</summary>
    public const string LlmFailure = "MF8000";

    /// <summary>The model endpoint is unreachable.</summary>
    public const string LlmUnavailable = "MF8001";

    /// <summary>The provider rejected the API key.</summary>
    public const string LlmUnauthorized = "MF8002";

    /// <summary>The prompt exceeds the model's context window.</summary>
    public const string LlmContextLength = "MF8003";

    /// <summary>A token, dollar or call budget was reached.</summary>
    public const string LlmBudgetExceeded = "MF8004";

    /// <summary>The model's output could not be parsed into the expected fields.</summary>
    public const string LlmParseFailure = "MF8005";

    /// <summary>The provider kept rate-limiting after every retry.</summary>
    public const string LlmRateLimited = "MF8006";

    /// <summary>A run with a cost limit would call a model that has no price, so the limit could not be held.</summary>
    public const string LlmUnpricedModel = "MF8007";

    /// <summary>An action was refused by a security policy.</summary>
    public const string SecurityDenied = "MF9000";

    /// <summary>A path escapes the project root.</summary>
    public const string SecurityPathEscape = "MF9001";

    /// <summary>A URL fails the SSRF policy.</summary>
    public const string SecurityBlockedUrl = "MF9002";

    /// <summary>An action needs approval that was not given.</summary>
    public const string SecurityApprovalRequired = "MF9003";
}
