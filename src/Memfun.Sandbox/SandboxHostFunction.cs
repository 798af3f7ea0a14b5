using System.Text.Json;

namespace Memfun.Sandbox;

/// <summary>
/// A host function callable from the kernel. It receives the call's positional and keyword arguments as a
/// JSON object <c>{"args": [...], "kwargs": {...}}</c> and returns a JSON value; an exception it throws
/// is raised in the kernel as a Python exception with the same message.
/// </summary>
public delegate ValueTask<JsonElement> SandboxHostFunction(JsonElement arguments, CancellationToken cancellationToken);
