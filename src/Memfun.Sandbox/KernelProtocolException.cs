namespace Memfun.Sandbox;

/// <summary>The kernel broke the protocol; the message says how, in words for the model and the user.</summary>
internal sealed class KernelProtocolException(string message) : Exception(message);
