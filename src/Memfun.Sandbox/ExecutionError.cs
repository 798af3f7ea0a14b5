namespace Memfun.Sandbox;

/// <summary>An exception raised by code running in the sandbox.</summary>
/// <param name="Type">The exception type name (for example <c>NameError</c>).</param>
/// <param name="Message">The exception message.</param>
/// <param name="Traceback">The formatted traceback.</param>
public sealed record ExecutionError(string Type, string Message, string Traceback);
