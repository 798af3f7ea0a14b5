using System.Reflection;

namespace Memfun.Runtime.Conformance;

/// <summary>Checks that a test assembly runs every conformance suite against every tier it defines.</summary>
public static class ConformanceCoverage
{
    /// <summary>Gets the generic definitions of every suite in this library.</summary>
    public static IReadOnlyList<Type> Suites { get; } = typeof(ConformanceCoverage).Assembly.GetTypes()
        .Where(t => t.IsAbstract && t.IsGenericTypeDefinition && IsSuite(t))
        .ToList();

    /// <summary>Returns "suite for tier" for every pair that <paramref name="testAssembly"/> does not cover.</summary>
    public static IReadOnlyList<string> Missing(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var types = testAssembly.GetTypes();
        var tiers = types.Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(RuntimeTier))).ToList();
        var missing = new List<string>();
        foreach (var tier in tiers)
        {
            foreach (var suite in Suites)
            {
                var closed = suite.MakeGenericType(tier);
                if (!types.Any(t => !t.IsAbstract && t.IsSubclassOf(closed)))
                {
                    missing.Add($"{suite.Name.Split('`')[0]} for {tier.Name}");
                }
            }
        }

        return tiers.Count == 0 ? ["no RuntimeTier subclass"] : missing;
    }

    private static bool IsSuite(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ConformanceSuite<>))
            {
                return true;
            }
        }

        return false;
    }
}
