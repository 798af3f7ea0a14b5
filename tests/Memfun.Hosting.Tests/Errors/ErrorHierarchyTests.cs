using System.Reflection;
using Memfun.Core.Errors;

namespace Memfun.Hosting.Tests.Errors;

public sealed class ErrorHierarchyTests
{
    // Each layer owns its family: the families are the direct subclasses of MemfunException in every layer.
    private static readonly Type[] ExceptionTypes = new[]
        {
            typeof(MemfunException), typeof(Runtime.Errors.BackendException), typeof(Sandbox.SandboxException),
            typeof(Llm.Errors.LlmException), typeof(global::Memfun.Tools.ToolException), typeof(Skills.SkillException),
        }
        .Select(t => t.Assembly).Distinct()
        .SelectMany(a => a.GetTypes())
        .Where(t => t.BaseType == typeof(MemfunException) && !t.IsAbstract)
        .ToArray();

    [Fact]
    public void EveryFamily_HasItsOwnExitCodeAndDefaultCodeRange()
    {
        var families = ExceptionTypes
            .Select(t => (MemfunException)Activator.CreateInstance(t, "message", null)!)
            .ToList();

        Assert.Equal(9, families.Count);
        Assert.Equal(families.Count, families.Select(e => e.ExitCode).Distinct().Count());
        Assert.DoesNotContain(families, e => e.ExitCode is ExitCodes.Success or ExitCodes.InternalError or ExitCodes.Usage);
        Assert.Equal(families.Count, families.Select(e => e.ErrorCode[..3]).Distinct().Count());
    }

    [Fact]
    public void ErrorCodes_AreUniqueAndWellFormed()
    {
        var codes = typeof(MemfunErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^MF[1-9][0-9]{3}$", c));
    }
}
