namespace Memfun.Skills.Discovery;

/// <summary>The one precedence rule of skills and agents: the first definition of a name wins; later ones are shadowed.</summary>
internal sealed class DefinitionPrecedence<T>
    where T : class, IDefinition
{
    private readonly Dictionary<string, T> _winners = new(StringComparer.Ordinal);
    private readonly List<ShadowedDefinition> _shadowed = [];

    /// <summary>Gets the shadowed definitions, in the order they were offered.</summary>
    public IReadOnlyList<ShadowedDefinition> Shadowed => _shadowed;

    /// <summary>Gets the winners, sorted by name.</summary>
    /// <remarks>Sorted in place, not with LINQ's ordering, whose sorter is built at run time at every listing (issue 20).</remarks>
    public IReadOnlyList<T> Winners
    {
        get
        {
            var winners = new List<T>(_winners.Values);
            winners.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return winners;
        }
    }

    /// <summary>Offers the next definition in precedence order.</summary>
    public void Offer(T definition)
    {
        if (_winners.TryGetValue(definition.Name, out var winner))
        {
            _shadowed.Add(new ShadowedDefinition(definition.Name, definition.FilePath, definition.Trust, winner.FilePath, winner.Trust));
        }
        else
        {
            _winners.Add(definition.Name, definition);
        }
    }
}
