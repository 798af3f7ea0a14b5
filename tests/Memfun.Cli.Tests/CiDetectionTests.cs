using Memfun.Cli.Infrastructure;

namespace Memfun.Cli.Tests;

public sealed class CiDetectionTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("woodpecker")]
    public void ASetCiVariable_MarksACiJob(string value) => Assert.True(CliEnvironment.RunsInCi(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("false")]
    [InlineData("FALSE")]
    [InlineData("0")]
    public void AnUnsetEmptyOrSwitchedOffCiVariable_DoesNot(string? value) => Assert.False(CliEnvironment.RunsInCi(value));
}
