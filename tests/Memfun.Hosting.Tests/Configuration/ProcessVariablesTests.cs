using Memfun.Hosting.Configuration;

namespace Memfun.Hosting.Tests.Configuration;

/// <summary>The process environment looked up by name agrees with the full listing, before and after the listing is taken.</summary>
public sealed class ProcessVariablesTests
{
    private static readonly string Name = "MEMFUN_TEST_PROCESS_VARIABLE_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void LookupsAndListing_AgreeWithTheProcessEnvironment()
    {
        Environment.SetEnvironmentVariable(Name, "value-1");
        try
        {
            var variables = ConfigLoadOptions.ProcessEnvironment();
            var missing = Name + "_MISSING";

            // By name, before anything is listed.
            Assert.True(variables.TryGetValue(Name, out var before));
            Assert.Equal("value-1", before);
            Assert.Equal("value-1", variables[Name]);
            Assert.False(variables.ContainsKey(missing));
            Assert.Throws<KeyNotFoundException>(() => variables[missing]);

            // Listed: every variable of the process, with its value; lookups then read the same snapshot.
            var listed = variables.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            Assert.Equal("value-1", listed[Name]);
            Assert.Equal(Environment.GetEnvironmentVariable("PATH"), listed["PATH"]);
            Assert.Equal(listed.Count, variables.Count);
            Assert.True(variables.TryGetValue(Name, out var after));
            Assert.Equal("value-1", after);
            Assert.False(variables.TryGetValue(missing, out _));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Name, null);
        }
    }
}
