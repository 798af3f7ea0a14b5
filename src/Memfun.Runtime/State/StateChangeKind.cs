namespace Memfun.Runtime.State;

/// <summary>What happened to a key.</summary>
public enum StateChangeKind
{
    /// <summary>The key was created or overwritten.</summary>
    Put,

    /// <summary>The key was deleted.</summary>
    Delete,

    /// <summary>The key's TTL ran out.</summary>
    Expire,
}
