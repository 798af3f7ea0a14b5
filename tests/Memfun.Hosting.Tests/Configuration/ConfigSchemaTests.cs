using Memfun.Core.Configuration;
using Memfun.Hosting.Configuration;

namespace Memfun.Hosting.Tests.Configuration;

public sealed class ConfigSchemaTests
{
    public static TheoryData<string, string> Choices()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in ConfigSchema.Keys)
        {
            if (key.Kind == ConfigValueKind.Choice)
            {
                foreach (var choice in key.Choices)
                {
                    data.Add(key.Path, choice);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Choices))]
    public void EveryChoice_ReadsBackAsItself(string path, string choice)
    {
        // A choice is read back by the enum value's number, so the list must follow the enum's order; a choice
        // listed out of order (or an enum member added in the middle) reads back as another one.
        var key = ConfigSchema.Find(path)!;

        var config = ConfigLoader.Validate([new ConfigOverride(path, choice, "--test")], "/project");

        Assert.Equal(choice, key.Read!(config));
        Assert.Equal(choice, config.Entries.Single(e => e.Key == path).Value);
    }
}
